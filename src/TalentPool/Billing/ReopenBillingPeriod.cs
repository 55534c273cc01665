using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Billing;

/// <summary>Why a closed month is opened again: it is recorded with the fact, for the audit trail and the invoices' story.</summary>
public sealed record ReopenBillingPeriod(string Reason);

public sealed class ReopenBillingPeriodValidator : AbstractValidator<ReopenBillingPeriod>
{
    public ReopenBillingPeriodValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
}

public sealed record BillingPeriodReopenedResponse(Guid RegionId, BillingMonth Month, IReadOnlyList<BillingMonth> ClosedMonths);

public static class ReopenBillingPeriodEndpoint
{
    [EndpointSummary("Reopen a region's last closed month, closed by mistake (admin)")]
    [EndpointDescription("Reopen a region's last closed month (admin): its frozen statements are withdrawn and the month is billed as open until it is closed again; the reason is recorded with the fact. 409: The month is not closed, or a later month is closed (reopen that first).")]
    [WolverinePost("/api/v1/regions/{regionId}/billing-periods/{month}/reopen", OperationId = "ReopenBillingPeriod"), Tags("Billing"), Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<BillingPeriodReopenedResponse>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(
        Guid regionId, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string month, ReopenBillingPeriod command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth)) return Statement.InvalidMonth(month);
        if (await session.LoadAsync<Region>(regionId, cancellation) is null) return Results.Problem(Problems.NotFound($"No region {regionId}."));

        // Optimistic, like closing: a concurrent close or reopen of the same region fails at commit, and is answered 409.
        var stream = await session.Events.FetchForWriting<RegionBilling>(RegionBilling.StreamIdFor(regionId), cancellation);
        var reopened = BillingLedger.Reopen(billingMonth, stream.Aggregate, command.Reason, regionId, clock.GetUtcNow());
        stream.AppendOne(reopened);
        await session.SaveChangesAsync(cancellation);

        var closedMonths = stream.Aggregate!.ClosedMonths.Where(m => m != billingMonth).Order().ToList();
        return Results.Ok(new BillingPeriodReopenedResponse(regionId, billingMonth, closedMonths));
    }
}
