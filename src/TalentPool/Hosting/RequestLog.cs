using System.Diagnostics;

namespace TalentPool.Hosting;

/// <summary>
/// One log line per answered request, under <c>TalentPool.Requests</c>: method, route template, status and duration, in the
/// request's trace (so the JSON line carries its trace id). The route template (<c>/api/v1/talents/{talentId}</c>), never
/// the path or the query: a path names a talent, a query may hold a search for a name, and neither belongs in a log.
/// Probes and scrapes are left out (they come every few seconds and say nothing).
/// </summary>
public static partial class RequestLog
{
    public const string Category = "TalentPool.Requests";

    public static void UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (http, next) =>
        {
            if (Observability.IsManagementPath(http.Request.Path) || !logger.IsEnabled(LogLevel.Information))
            {
                await next(http);
                return;
            }
            // Routing has matched before any middleware runs; the exception handler forgets the endpoint when it answers 500.
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var started = Stopwatch.GetTimestamp();
            var failed = false;
            try
            {
                await next(http);
            }
            catch
            {
                failed = true;
                throw;
            }
            finally
            {
                var status = failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
                Answered(logger, http.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void Answered(ILogger logger, string method, string route, int statusCode, double elapsedMilliseconds);
}
