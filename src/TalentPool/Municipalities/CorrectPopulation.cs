using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

/// <summary>
/// Replace the population recorded from <c>EffectiveFrom</c>, which was wrong. A correction has its own route and
/// event, and needs a reason: a new count (<c>POST …/population</c>) can never silently overwrite one, and the
/// history shows which counts were replaced, by whom and why.
/// </summary>
public sealed record CorrectPopulation(int Population, int CountedIn, DateOnly EffectiveFrom, string Reason);

public sealed class CorrectPopulationValidator : AbstractValidator<CorrectPopulation>
{
    public CorrectPopulationValidator()
    {
        RuleFor(x => x.Population).GreaterThan(0);
        RuleFor(x => x.CountedIn).InclusiveBetween(1900, 2200);
        RuleFor(x => x.EffectiveFrom).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class CorrectPopulationEndpoint
{
    [EndpointSummary("Correct the population recorded from a date")]
    [EndpointDescription("Correct the population recorded from a date (the join day or a later count), with a reason. 409: no population is recorded from that day.")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/population/corrections", OperationId = "CorrectPopulation"), Tags("Municipalities")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<MunicipalityDetails>, Events) Post(CorrectPopulation command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedReadModel<MunicipalityDetails>(), [MunicipalityDecisions.CorrectPopulation(municipality, command)]);
}
