using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Partners;

public sealed record CancelPartnerMembership(DateOnly EffectiveOn, string Reason);

public sealed class CancelPartnerMembershipValidator : AbstractValidator<CancelPartnerMembership>
{
    public CancelPartnerMembershipValidator()
    {
        RuleFor(x => x.EffectiveOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class CancelPartnerMembershipEndpoint
{
    [EndpointSummary("Cancel the membership with effect from a date (the first day without membership)")]
    [EndpointDescription("Cancel the membership with effect from a date (the first day without membership). Until that day the partner stays a member: it posts vacancies, changes tier and is billed. One cancellation at a time: a second one while one is pending is a 409 naming its date.")]
    [WolverinePost("/api/v1/partners/{partnerId}/cancellation", OperationId = "CancelPartnerMembership"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<PartnerDetails>, Events) Cancel(
        CancelPartnerMembership command, [WriteAggregate("partnerId")] Partner partner, TimeProvider clock) =>
        (new UpdatedReadModel<PartnerDetails>(), [PartnerDecisions.Cancel(partner, command, clock.Today())]);
}
