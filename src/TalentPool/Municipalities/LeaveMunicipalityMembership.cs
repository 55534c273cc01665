using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

public sealed record LeaveMunicipalityMembership(DateOnly LeftOn, string Reason);

public sealed class LeaveMunicipalityMembershipValidator : AbstractValidator<LeaveMunicipalityMembership>
{
    public LeaveMunicipalityMembershipValidator()
    {
        RuleFor(x => x.LeftOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class LeaveMunicipalityMembershipEndpoint
{
    [EndpointSummary("The municipality leaves, from `leftOn` (the first day without membership)")]
    [EndpointDescription("The municipality leaves, from `leftOn` (the first day without membership). Until that day it stays a member and is billed. 409: it is leaving already (the message names the day), or has left.")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/leave", OperationId = "LeaveMunicipalityMembership"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<MunicipalityDetails>, Events) Leave(
        LeaveMunicipalityMembership command, [WriteAggregate("municipalityId")] Municipality municipality, TimeProvider clock) =>
        (new UpdatedReadModel<MunicipalityDetails>(), [MunicipalityDecisions.Leave(municipality, command, clock.Today())]);
}
