using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace TalentPool.Hosting;

public static class RateLimits
{
    public const string Registration = "registration";

    /// <summary>
    /// Public registration: a fixed window per client address (<c>RateLimits:RegistrationsPerMinute</c>,
    /// default 10). Refusals are 429 problem details with Retry-After. A request without a remote address
    /// (only the in-process test host sends those) is not limited.
    /// </summary>
    public static void AddTalentPoolRateLimits(this WebApplicationBuilder builder)
    {
        var permits = builder.Configuration.GetValue("RateLimits:RegistrationsPerMinute", 10);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Registration, http => http.Connection.RemoteIpAddress is { } address
                ? RateLimitPartition.GetFixedWindowLimiter(address.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("in-process"));
            options.OnRejected = async (context, cancellation) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too Many Requests",
                        Detail = $"Too many registrations from this address. Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
                    },
                });
            };
        });
    }
}
