using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace TalentPool.Hosting;

/// <summary>
/// While PostgreSQL cannot be reached, a request is answered at once with a 503 problem and
/// <c>Retry-After</c> — not a 500, which means a bug. Nothing has to be restarted: the connection pool
/// reconnects by itself when PostgreSQL is back, and readiness (<c>/health/ready</c>) says when.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellation)
    {
        if (!IsUnavailable(exception)) return false;

        // The connection error says nothing about the request's data, so it is safe to log.
        logger.LogWarning("PostgreSQL cannot be reached: {Reason}", exception.GetBaseException().Message);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = $"The database cannot be reached right now. Retry in {RetryAfterSeconds} seconds; a write sent again with the same " +
                    "Idempotency-Key (where the endpoint takes one) is never recorded twice.",
            },
        });
    }

    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException) return false; // the server answered: not an outage
            if (current is NpgsqlException { IsTransient: true } or SocketException or TimeoutException) return true;
        }
        return false;
    }
}
