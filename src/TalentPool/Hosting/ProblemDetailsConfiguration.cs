using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace TalentPool.Hosting;

/// <summary>
/// Every error is an RFC 9457 problem, whoever wrote it (an endpoint, Wolverine, the authentication,
/// status-code or rate-limiting middleware): one <c>type</c> scheme, one title per type, and every 400
/// carries <c>errors</c> naming what the client has to correct.
/// </summary>
public static class ProblemDetailsConfiguration
{
    public static void AddTalentPoolProblemDetails(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status is StatusCodes.Status400BadRequest) InvalidInput.Describe(problem, context.HttpContext);
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Type = ProblemTypes.For(status);
            problem.Title = ProblemTypes.TitleFor(status);
        });
        // After ASP.NET Core's own writer, which declines when the Accept header names no JSON type (text/csv, text/html).
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWhateverTheAccept>();

        // Wolverine logs every body it cannot read as an error, under the request type's name: that is the
        // client's mistake, answered 400 with what to correct, not a fault of the service. This rule takes the
        // place of the configured default level (the most specific rule wins), so it applies that level itself.
        var assembly = typeof(ProblemDetailsConfiguration).Assembly;
        var defaultLevel = Enum.TryParse<LogLevel>(builder.Configuration["Logging:LogLevel:Default"], out var configured)
            ? configured : LogLevel.Information;
        builder.Logging.AddFilter((category, level) => level >= defaultLevel
            && (level < LogLevel.Error || category is null || assembly.GetType(category) is not { IsClass: true } type || !IsRecord(type)));
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}

/// <summary>
/// A problem is written as <c>application/problem+json</c> even when the client accepts no JSON (a client asking a metric
/// for <c>text/csv</c>, a browser): the service has no other form of a problem, and a status line alone tells nothing.
/// Used only where ASP.NET Core's writer declined, with the same customization.
/// </summary>
internal sealed class ProblemJsonWhateverTheAccept(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            problem, problem.GetType(), options: null, contentType: "application/problem+json", context.HttpContext.RequestAborted));
    }
}

/// <summary>
/// The one scheme of problem <c>type</c> URIs: the section of the RFC that defines the status code
/// (RFC 9110 for all but 429, which RFC 6585 defines). The status decides the type, so a client
/// switches on either; <c>detail</c> says what went wrong and what to do.
/// </summary>
public static class ProblemTypes
{
    private const string Rfc9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-";

    public static string For(int status) => status switch
    {
        400 => Rfc9110 + "15.5.1",
        401 => Rfc9110 + "15.5.2",
        403 => Rfc9110 + "15.5.4",
        404 => Rfc9110 + "15.5.5",
        405 => Rfc9110 + "15.5.6",
        406 => Rfc9110 + "15.5.7",
        409 => Rfc9110 + "15.5.10",
        413 => Rfc9110 + "15.5.14",
        415 => Rfc9110 + "15.5.16",
        422 => Rfc9110 + "15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        503 => Rfc9110 + "15.6.4",
        >= 500 => Rfc9110 + "15.6.1",
        _ => Rfc9110 + "15.5.1",
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "The request is invalid.",
        >= 500 and not 503 => "An unexpected error occurred.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };
}
