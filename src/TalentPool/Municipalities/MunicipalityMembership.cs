using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

public sealed record JoinMunicipality(Guid RegionId, string Number, string Name, int Population, int PopulationCountedIn, DateOnly JoinedOn, LicencePayer PaidBy);

public sealed record UpdatePopulation(int Population, int CountedIn, DateOnly EffectiveFrom);

public sealed record ChangeLicencePayer(LicencePayer PaidBy, DateOnly EffectiveFrom);

public sealed record LeaveMunicipalityMembership(DateOnly LeftOn, string Reason);

public sealed record RejoinMunicipality(DateOnly RejoinedOn);

public sealed class JoinMunicipalityValidator : AbstractValidator<JoinMunicipality>
{
    public JoinMunicipalityValidator()
    {
        RuleFor(x => x.RegionId).NotEmpty();
        RuleFor(x => x.Number).Matches("^[0-9]{4}$").WithMessage("'Number' is the four-digit municipality number, such as 3403.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Population).GreaterThan(0);
        RuleFor(x => x.PopulationCountedIn).InclusiveBetween(1900, 2200);
        RuleFor(x => x.JoinedOn).NotEmpty();
        RuleFor(x => x.PaidBy).IsInEnum();
    }
}

public sealed class UpdatePopulationValidator : AbstractValidator<UpdatePopulation>
{
    public UpdatePopulationValidator()
    {
        RuleFor(x => x.Population).GreaterThan(0);
        RuleFor(x => x.CountedIn).InclusiveBetween(1900, 2200);
        RuleFor(x => x.EffectiveFrom).NotEmpty();
    }
}

public sealed class ChangeLicencePayerValidator : AbstractValidator<ChangeLicencePayer>
{
    public ChangeLicencePayerValidator()
    {
        RuleFor(x => x.PaidBy).IsInEnum();
        RuleFor(x => x.EffectiveFrom).NotEmpty();
    }
}

public sealed class LeaveMunicipalityMembershipValidator : AbstractValidator<LeaveMunicipalityMembership>
{
    public LeaveMunicipalityMembershipValidator()
    {
        RuleFor(x => x.LeftOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
    }
}

public sealed class RejoinMunicipalityValidator : AbstractValidator<RejoinMunicipality>
{
    public RejoinMunicipalityValidator() => RuleFor(x => x.RejoinedOn).NotEmpty();
}

public static class JoinMunicipalityEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(JoinMunicipality command, IQuerySession session, CancellationToken cancellation)
    {
        var region = await session.LoadAsync<Region>(command.RegionId, cancellation);
        if (region is null) return Problems.NotFound($"No region {command.RegionId}.");
        if (!region.Includes(command.Number)) return Problems.Conflict($"Municipality {command.Number} is not one of region {region.Name}'s municipalities.");
        // Numbers repeat across countries (Vestvågøy and Laxå are both 1860): "registered already" is within the country.
        var regionsOfCountry = (await session.Query<Region>().Where(r => r.Country == region.Country).Select(r => r.Id).ToListAsync(cancellation)).ToArray();
        return await session.Query<Municipality>().AnyAsync(m => m.Number == command.Number && m.RegionId.IsOneOf(regionsOfCountry), cancellation)
            ? Problems.Conflict($"Municipality {command.Number} is registered already; a former member rejoins instead.")
            : WolverineContinue.NoProblems;
    }

    [EndpointSummary("A municipality of a region joins (admin)")]
    [WolverinePost("/api/v1/municipalities", OperationId = "JoinMunicipality"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IStartStream) Post(JoinMunicipality command)
    {
        var joined = new MunicipalityJoined(Guid.CreateVersion7(), command.Number, command.Name.Trim(), command.RegionId,
            command.Population, command.PopulationCountedIn, command.JoinedOn, command.PaidBy);
        return (new CreatedResponse(joined.MunicipalityId, $"/api/v1/municipalities/{joined.MunicipalityId}"),
            MartenOps.StartStream<Municipality>(joined.MunicipalityId, joined));
    }
}

/// <summary>Changes to a municipality's membership (admin).</summary>
public static class MunicipalityMembershipEndpoints
{
    [EndpointSummary("Record a new population count, used for billing from `effectiveFrom`")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/population", OperationId = "UpdatePopulation"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedAggregate, Events) Population(UpdatePopulation command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [new MunicipalityPopulationUpdated(municipality.Id, command.Population, command.CountedIn, command.EffectiveFrom)]);

    [EndpointSummary("Who pays the licence from a date")]
    [EndpointDescription("Who pays the licence from a date: the municipality or its regional council.")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/payer", OperationId = "ChangeLicencePayer"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedAggregate, Events) Payer(ChangeLicencePayer command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [new MunicipalityPayerChanged(municipality.Id, command.PaidBy, command.EffectiveFrom)]);

    [EndpointSummary("The municipality leaves, from `leftOn` (the first day without membership)")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/leave", OperationId = "LeaveMunicipalityMembership"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Leave(LeaveMunicipalityMembership command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [MunicipalityDecisions.Leave(municipality, command)]);

    [EndpointSummary("A former member municipality joins again")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/rejoin", OperationId = "RejoinMunicipality"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Rejoin(RejoinMunicipality command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [MunicipalityDecisions.Rejoin(municipality, command)]);

    [EndpointSummary("Read a municipality")]
    [EndpointDescription("Read a municipality: the municipality itself or an admin.")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}", OperationId = "GetMunicipality"), Tags("Municipalities")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Municipality?> Get(Guid municipalityId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Municipality>(municipalityId, cancellation);
}
