using FluentValidation;
using TalentPool.Common;
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

public sealed class JoinMunicipalityValidator : AbstractValidator<JoinMunicipality>
{
    public JoinMunicipalityValidator()
    {
        RuleFor(x => x.RegionId).NotEmpty();
        RuleFor(x => x.Number).Cascade(CascadeMode.Stop).MaximumLength(InputLimits.MunicipalityNumber).Matches("^[0-9]{4}$").WithMessage("'Number' is the four-digit municipality number, such as 3403.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.Population).GreaterThan(0);
        RuleFor(x => x.PopulationCountedIn).InclusiveBetween(1900, 2200);
        RuleFor(x => x.JoinedOn).NotEmpty();
        RuleFor(x => x.PaidBy).IsNamedValue();
    }
}

public static class JoinMunicipalityEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(JoinMunicipality command, IQuerySession session, CancellationToken cancellation)
    {
        var region = await session.LoadAsync<Region>(command.RegionId, cancellation);
        if (region is null) return Problems.NotFound($"No region {command.RegionId}.");
        if (!region.Includes(command.Number)) return Problems.Conflict($"Municipality {command.Number} is not one of region {region.Name}'s municipalities.");
        if (region.PriceListOn(command.JoinedOn) is null) return Problems.Conflict(RegionPrices.NoPriceListOn(region, command.JoinedOn));
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
