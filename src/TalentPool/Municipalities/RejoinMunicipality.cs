using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
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
    public static Task<Region?> LoadAsync(Municipality municipality, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Region>(municipality.RegionId, cancellation);

    [EndpointSummary("A former member municipality joins again")]
    [EndpointDescription("A former member municipality joins again, once its leaving has taken effect, from a day with a price list in force.")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/rejoin", OperationId = "RejoinMunicipality"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<MunicipalityDetails>, Events) Rejoin(
        RejoinMunicipality command, [WriteAggregate("municipalityId")] Municipality municipality, Region region, TimeProvider clock) =>
        (new UpdatedReadModel<MunicipalityDetails>(), [MunicipalityDecisions.Rejoin(municipality, command, region, clock.Today())]);
}
