using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Billing;

public sealed record BillingPeriodClosedResponse(Guid RegionId, BillingMonth Month, int Statements, IReadOnlyList<Money> Totals);

public static class CloseBillingPeriodEndpoint
{
    [EndpointSummary("Close a region's month (admin)")]
    [EndpointDescription("Close a region's month (admin): its statements are frozen as an event. Months close in order, after they end; what arrives later for a closed month is corrected in the first open month. 409: The month has not ended, is closed already, or is not the next to close; or another close raced this one.")]
    [WolverinePost("/api/v1/regions/{regionId}/billing-periods/{month}/close", OperationId = "CloseBillingPeriod"), Tags("Billing"), Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<BillingPeriodClosedResponse>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid regionId, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string month, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth)) return Statement.InvalidMonth(month);

        // Optimistic: a concurrent close of the same region fails at commit, and is answered 409. Fetched before the facts,
        // so the facts read are never older than the closes this one follows.
        var stream = await session.Events.FetchForWriting<RegionBilling>(RegionBilling.StreamIdFor(regionId), cancellation);
        // The billing read models are inline, committed with every hire and close: the close reads exactly the current facts.
        var ledger = await BillingFactsLoader.LoadAsync(session, regionId, billingMonth, cancellation);
        if (ledger is null) return Results.Problem(Problems.NotFound($"No region {regionId}."));

        var closed = BillingLedger.Close(billingMonth, ledger with { Billing = stream.Aggregate }, clock.GetUtcNow());
        stream.AppendOne(closed);
        await session.SaveChangesAsync(cancellation);

        var totals = closed.Statements.GroupBy(s => s.Currency)
            .Select(g => Money.Sum(g.Select(s => s.Total), g.Key)).ToList();
        return Results.Ok(new BillingPeriodClosedResponse(regionId, billingMonth, closed.Statements.Count, totals));
    }
}
