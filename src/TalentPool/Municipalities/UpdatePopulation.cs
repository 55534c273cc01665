using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

public sealed record UpdatePopulation(int Population, int CountedIn, DateOnly EffectiveFrom);

public sealed class UpdatePopulationValidator : AbstractValidator<UpdatePopulation>
{
    public UpdatePopulationValidator()
    {
        RuleFor(x => x.Population).GreaterThan(0);
        RuleFor(x => x.CountedIn).InclusiveBetween(1900, 2200);
        RuleFor(x => x.EffectiveFrom).NotEmpty();
    }
}

public static class UpdatePopulationEndpoint
{
    [EndpointSummary("Record a new population count, used for billing from `effectiveFrom`")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/population", OperationId = "UpdatePopulation"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [EndpointDescription("Record a new population count, used for billing from `effectiveFrom` until the next recorded count. A back-dated count takes its place in the history and leaves later counts alone. 409: a count is recorded from that day already (correct it with `/population/corrections`).")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<MunicipalityDetails>, Events) Population(UpdatePopulation command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedReadModel<MunicipalityDetails>(), [MunicipalityDecisions.UpdatePopulation(municipality, command)]);
}
