using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Partners;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Metrics;

/// <summary>A partner's dashboard as of today, and how current the facts it is computed from are.</summary>
public sealed record PartnerDashboardAnswer(Guid PartnerId, PartnerDashboardFigures Figures, ReadModelFreshness Freshness);

public static class GetPartnerDashboardEndpoint
{
    [EndpointSummary("A partner's dashboard: hires against last year, fees this year, time to hire, retention, internal hires")]
    [EndpointDescription(
        "A partner's dashboard as of today (UTC): the partner itself or an admin. Hires this month and this year against the same " +
        "days of last year, fees this year, median days from a vacancy's posting to the hire recorded against it, retention of its " +
        "hires at 3/6/12 months, internal hires it made and lost. An async read model: `freshness` tells which event it reflects; " +
        "`waitForWrites=true` waits (at most 5 s) until every event stored before the request is reflected.")]
    [WolverineGet("/api/v1/partners/{partnerId}/dashboard", OperationId = "GetPartnerDashboard"), Tags("Metrics")]
    [Authorize(Policy = AccessPolicies.PartnerSelfOrAdmin)]
    [ProducesResponseType<PartnerDashboardAnswer>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid partnerId, IQuerySession session, ReadModelProgress progress, TimeProvider clock, CancellationToken cancellation,
        bool waitForWrites = false)
    {
        var partner = await session.LoadAsync<Partner>(partnerId, cancellation);
        if (partner is null) return Results.Problem(Problems.NotFound($"No partner {partnerId}."));
        var region = await session.LoadAsync<Region>(partner.RegionId, cancellation);

        // Freshness first: the facts read next reflect at least that much. Three document loads, whatever the history.
        var freshness = await progress.ReadAsync(PartnerDashboardProjection.ProjectionName, waitForWrites, cancellation);
        var facts = await session.LoadAsync<PartnerDashboard>(partnerId, cancellation) ?? PartnerDashboard.Empty(partnerId);
        var figures = PartnerDashboardFigures.Compute(facts, clock.Today(), region!.Currency);
        return Results.Ok(new PartnerDashboardAnswer(partnerId, figures, freshness));
    }
}
