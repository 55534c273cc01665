using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Runtime;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace TalentPool.Hosting.Idempotency;

/// <summary>
/// A request with an idempotency key whose commit failed in a region's own database because a concurrent request with the
/// same key committed first (on the claims table's key, or on whatever the two writes share): its work rolled back, and it is
/// answered from the winner's claim as any repeat is — the first response, or 422 for another request under the key.
/// Wolverine does this itself for the shared database, but reads its main store only (<c>DeduplicatedResponses</c>), so for a
/// region on its own database the failure reaches here.
/// </summary>
internal sealed class RegionDatabaseClaimRaces(IMartenDeduplicatedResponses claims, WolverineHttpOptions http, IProblemDetailsService problems)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellation)
    {
        if (claims is not RegionDatabaseClaims regionClaims || context.Response.HasStarted) return false;
        // A commit that succeeded and failed after (its own claim is in) is not a race lost: it stays a failure.
        if (HttpHandler.IsDeduplicatedResponseCommitted(context)) return false;
        // The exception handler runs with the endpoint and route values cleared; its feature keeps the failed request's.
        var failed = context.Features.Get<IExceptionHandlerFeature>();
        var deduplication = failed?.Endpoint?.Metadata.GetMetadata<DeduplicatedWithResponseAttribute>();
        if (deduplication is not { ClaimInTransaction: true }) return false;
        if (failed!.RouteValues is { } routeValues) context.Request.RouteValues = routeValues;
        var tenant = await http.TryDetectTenantId(context);
        if (!regionClaims.IsOwnDatabaseTenant(tenant)) return false;

        var keyName = deduplication.Source == Wolverine.Attributes.ValueSource.Header && !string.IsNullOrEmpty(deduplication.Key)
            ? deduplication.Key : DeduplicationRequirement.DefaultHeaderName;
        var scoped = HttpHandler.ScopeDeduplicationId(context, HttpHandler.ReadSingleHeaderValue(context, keyName), deduplication.Scope, tenant);
        if (string.IsNullOrWhiteSpace(scoped)) return false;
        var claim = await regionClaims.FindCommittedAsync(tenant!, DeduplicatedResponses.StorageIdFor(scoped));
        if (claim is null) return false;

        context.Response.Clear();
        var fingerprint = await HttpHandler.ComputeDeduplicationFingerprintAsync(context, scoped);
        if (claim.Fingerprint != fingerprint)
            return await Problem(context, exception, StatusCodes.Status422UnprocessableEntity,
                $"This '{keyName}' was already used for a different request; send a new key for a new request");
        if (claim.Response is not { } response)
            return await Problem(context, exception, StatusCodes.Status409Conflict,
                $"A request with this '{keyName}' is still being processed; retry later");

        context.Response.StatusCode = response.StatusCode;
        if (response.Location is not null) context.Response.Headers.Location = response.Location;
        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body, cancellation);
        }
        return true;
    }

    private async Task<bool> Problem(HttpContext context, Exception exception, int status, string detail)
    {
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
