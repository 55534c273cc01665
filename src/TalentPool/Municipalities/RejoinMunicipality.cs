using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

public sealed record RejoinMunicipality(DateOnly RejoinedOn);

public sealed class RejoinMunicipalityValidator : AbstractValidator<RejoinMunicipality>
{
    public RejoinMunicipalityValidator() => RuleFor(x => x.RejoinedOn).NotEmpty();
}

public static class RejoinMunicipalityEndpoint
{
    [EndpointSummary("A former member municipality joins again")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/rejoin", OperationId = "RejoinMunicipality"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Rejoin(RejoinMunicipality command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [MunicipalityDecisions.Rejoin(municipality, command)]);
}
