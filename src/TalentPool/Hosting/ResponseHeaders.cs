namespace TalentPool.Hosting;

/// <summary>
/// Headers every answer carries: browsers must not guess content types, and nothing the API answers
/// (personal data, tokens, statements) may be kept by a cache along the way.
/// </summary>
public static class ResponseHeaders
{
    public static void UseTalentPoolResponseHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.Path.StartsWithSegments("/api")) http.Response.Headers.CacheControl = "no-store";
        return next(http);
    });
}
