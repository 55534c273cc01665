using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;

namespace TalentPool.Hosting;

/// <summary>
/// Turns the store's refusals of a concurrent or duplicate write into 409 problem details. The
/// transaction was rolled back, so the refused command appended nothing.
/// </summary>
public sealed class ConflictExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    // Unique indexes whose violation is a business conflict, and what to tell the client.
    private static readonly Dictionary<string, string> UniqueConflicts = new()
    {
        [TalentsConfiguration.UniqueEmailIndex] = "A talent with this e-mail address is already registered.",
        [MunicipalitiesConfiguration.UniqueNumberIndex] = "A municipality with this number is registered already.",
        [PartnersConfiguration.UniqueOrganisationNumberIndex] =
            "A partner with this organisation number is registered in this region already; a former member rejoins instead.",
        [HiresConfiguration.UniqueActiveHireIndex] =
            "The talent is already hired by this partner (another request recorded it just now); end or cancel that hire before recording another.",
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellation)
    {
        var detail = ConflictDetail(exception);
        if (detail is null) return false;

        http.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = detail,
            },
        });
    }

    internal static string? ConflictDetail(Exception exception)
    {
        var chain = Chain(exception).ToArray();

        // Marten reports a unique-index violation as "document already exists"; the index says which rule broke.
        if (chain.OfType<PostgresException>().FirstOrDefault(e => e.SqlState == PostgresErrorCodes.UniqueViolation) is { } unique)
        {
            return UniqueConflicts.GetValueOrDefault(unique.ConstraintName ?? "", "The request conflicts with data that already exists.");
        }

        return chain.Select(current => current switch
        {
            RuleViolation rule => rule.Message,
            JasperFx.ConcurrencyException or JasperFx.Events.StreamLockedException or StreamLockedException =>
                "The resource was changed by another request. Read it again and retry with its current version.",
            ExistingStreamIdCollisionException { AggregateType: var type } when type == typeof(MunicipalityNumberClaim) =>
                "Another region claimed one of these municipality numbers at the same moment; read the country's regions and register again.",
            JasperFx.Events.ExistingStreamIdCollisionException or ExistingStreamIdCollisionException or JasperFx.DocumentAlreadyExistsException =>
                "A resource with this id already exists.",
            _ => null,
        }).FirstOrDefault(detail => detail is not null);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException) yield return current;
    }
}
