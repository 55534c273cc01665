using Microsoft.AspNetCore.Authorization;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;
using TalentPool.Common;
using TalentPool.Auth;

namespace TalentPool.Talents;

/// <summary>Give (or renew) consent to share the talent's profile with partners or municipalities.</summary>
public sealed record GiveConsent(ConsentScope Scope);

public static class TalentConsentEndpoints
{
    [EndpointSummary("Give or renew a consent")]
    [EndpointDescription("Give or renew a consent: the talent itself or an admin.")]
    [WolverinePost("/api/v1/talents/{talentId}/consents", OperationId = "GiveConsent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedReadModel<TalentProfileView>, Events) Post(GiveConsent command, [WriteAggregate("talentId")] Talent talent, TimeProvider clock) =>
        (new UpdatedReadModel<TalentProfileView>(), [TalentDecisions.GiveConsent(talent, command.Scope, clock.GetUtcNow())]);

    [EndpointSummary("Withdraw a consent (`partners` or `municipalities`)")]
    [EndpointDescription("Withdraw a consent (`partners` or `municipalities`): the talent itself or an admin.")]
    [WolverineDelete("/api/v1/talents/{talentId}/consents/{scope}", OperationId = "WithdrawConsent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedReadModel<TalentProfileView>, Events) Delete(ConsentScope scope, [WriteAggregate("talentId")] Talent talent, TimeProvider clock) =>
        (new UpdatedReadModel<TalentProfileView>(), [.. TalentDecisions.WithdrawConsent(talent, scope, clock.GetUtcNow())]);
}
