using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
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
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedAggregate, Events) Population(UpdatePopulation command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [new MunicipalityPopulationUpdated(municipality.Id, command.Population, command.CountedIn, command.EffectiveFrom)]);
}
