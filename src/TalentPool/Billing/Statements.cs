using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using Wolverine.Http;

namespace TalentPool.Billing;

/// <summary>
/// Reading statements. A month is written yyyy-MM; a closed month answers its frozen statements. Each read loads a
/// bounded number of documents whatever the region's history (<see cref="BillingFactsLoader"/>).
/// </summary>
public static class StatementEndpoints
{
    [EndpointSummary("Every statement of a region for a month, grouped by payer (admin)")]
    [EndpointDescription("Every statement of a region for a month, one per payer: partners, municipalities that pay their own licence, and the regional council for the municipalities it pays for.")]
    [WolverineGet("/api/v1/regions/{regionId}/statements/{month}", OperationId = "GetRegionStatements"), Tags("Billing"), Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<Statement>>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> ForRegion(Guid regionId, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string month, IQuerySession session, CancellationToken cancellation)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth)) return Statement.InvalidMonth(month);
        var ledger = await BillingFactsLoader.LoadAsync(session, regionId, billingMonth, cancellation);
        return ledger is null
            ? Results.Problem(Problems.NotFound($"No region {regionId}."))
            : Results.Ok(BillingLedger.StatementsFor(billingMonth, ledger));
    }

    [EndpointSummary("A partner's statement for a month")]
    [EndpointDescription("A partner's statement for a month: the partner itself or an admin.")]
    [WolverineGet("/api/v1/partners/{partnerId}/statements/{month}", OperationId = "GetPartnerStatement"), Tags("Billing")]
    [Authorize(Policy = AccessPolicies.PartnerSelfOrAdmin)]
    [ProducesResponseType<Statement>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> ForPartner(Guid partnerId, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string month, IQuerySession session, CancellationToken cancellation)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth)) return Statement.InvalidMonth(month);
        var partner = await session.LoadAsync<Partner>(partnerId, cancellation);
        if (partner is null) return Results.Problem(Problems.NotFound($"No partner {partnerId}."));
        var ledger = (await BillingFactsLoader.LoadAsync(session, partner.RegionId, billingMonth, cancellation))!;
        var statements = BillingLedger.StatementsFor(billingMonth, ledger);
        return Results.Ok(statements.FirstOrDefault(s => s.PayerId == partnerId)
            ?? BillingCalculator.Statement(partnerId, PayerKind.Partner, partner.Name, ledger.Facts.Region, billingMonth, [], ledger.Billing?.IsClosed(billingMonth) == true));
    }

    [EndpointSummary("A municipality's licence lines for a month — from its own statement, or from its regional council's when the council pays")]
    [EndpointDescription("A municipality's licence lines for a month — from its own statement, or from its regional council's when the council pays: the municipality itself or an admin.")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}/statements/{month}", OperationId = "GetMunicipalityStatements"), Tags("Billing")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesResponseType<IReadOnlyList<Statement>>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> ForMunicipality(Guid municipalityId, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string month, IQuerySession session, CancellationToken cancellation)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth)) return Statement.InvalidMonth(month);
        var municipality = await session.LoadAsync<Municipality>(municipalityId, cancellation);
        if (municipality is null) return Results.Problem(Problems.NotFound($"No municipality {municipalityId}."));
        var ledger = (await BillingFactsLoader.LoadAsync(session, municipality.RegionId, billingMonth, cancellation))!;
        var statements = BillingLedger.StatementsFor(billingMonth, ledger)
            .Select(s => s.WithLines(s.Lines.Where(l => l.MemberId == municipalityId).ToList()))
            .Where(s => s.Lines.Count > 0)
            .ToList();
        return Results.Ok(statements);
    }
}
