using FluentValidation;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Talents;

/// <summary>
/// Consent to be seen by the members of other regions: <c>{"everyRegion":true}</c> (every region of the installation, regions
/// made later included) or <c>{"everyRegion":false,"regions":[…]}</c> (those regions only). Given again, it replaces the earlier.
/// </summary>
public sealed record GiveOtherRegionsConsent(bool EveryRegion, IReadOnlyList<Guid>? Regions = null);

public sealed class GiveOtherRegionsConsentValidator : AbstractValidator<GiveOtherRegionsConsent>
{
    public GiveOtherRegionsConsentValidator()
    {
        RuleFor(x => x.Regions).Must(regions => regions is null || regions.Count == 0).When(x => x.EveryRegion)
            .WithMessage("Name no regions with 'everyRegion': true (every region is every region).");
        RuleFor(x => x.Regions).NotEmpty().When(x => !x.EveryRegion)
            .WithMessage("Name at least one region, or send 'everyRegion': true.");
        RuleFor(x => x.Regions).MaximumItems(InputLimits.OtherRegions)
            .DependentRules(() => RuleForEach(x => x.Regions).NotEmpty());
    }
}

public static class GiveOtherRegionsConsentEndpoint
{
    /// <summary>The regions named must exist (a read of other regions' documents: <see cref="OtherRegionsSharing"/>).</summary>
    public static async Task<ProblemDetails> ValidateAsync(GiveOtherRegionsConsent command, IQuerySession session, CancellationToken cancellation) =>
        await OtherRegionsSharing.UnknownRegionsAsync(session, command.EveryRegion ? [] : command.Regions ?? [], cancellation) is [var unknown, ..]
            ? Problems.NotFound($"No region {unknown}.")
            : WolverineContinue.NoProblems;

    [EndpointSummary("Consent to be seen in other regions")]
    [EndpointDescription("Consent to be seen by the members of other regions, in every region of the installation (`everyRegion`: true, "
        + "regions made later included) or in the `regions` named: their partners and municipalities then find the talent in their "
        + "shared talent base, marked with its home region, under the consents to share the talent gave (partners, municipalities) and "
        + "with exactly what the talent's own region's members see. Given again, it replaces the earlier one. The talent itself or an admin. "
        + "404: a region named does not exist. 409: the talent shares with no one yet (give a consent to share first), or names its own region.")]
    [WolverinePost("/api/v1/talents/{talentId}/other-regions-consent", OperationId = "GiveOtherRegionsConsent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<TalentProfileView>, Events) Post(
        GiveOtherRegionsConsent command, [WriteAggregate("talentId")] Talent talent, TenantId region, TimeProvider clock) =>
        (new UpdatedReadModel<TalentProfileView>(),
            [TalentDecisions.GiveOtherRegionsConsent(talent, RegionTenancy.RegionOf(region), command, clock.GetUtcNow())]);
}

public static class WithdrawOtherRegionsConsentEndpoint
{
    [EndpointSummary("Withdraw the consent to be seen in other regions")]
    [EndpointDescription("Withdraw the consent to be seen in other regions: the talent leaves every other region's shared base at once "
        + "(in the transaction that records the withdrawal). The consents to share in the home region stay. The talent itself or an admin.")]
    [WolverineDelete("/api/v1/talents/{talentId}/other-regions-consent", OperationId = "WithdrawOtherRegionsConsent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedReadModel<TalentProfileView>, Events) Delete([WriteAggregate("talentId")] Talent talent, TimeProvider clock) =>
        (new UpdatedReadModel<TalentProfileView>(), [.. TalentDecisions.WithdrawOtherRegionsConsent(talent, clock.GetUtcNow())]);
}
