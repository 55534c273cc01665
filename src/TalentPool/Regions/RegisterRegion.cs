using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

/// <summary>
/// Register a region of a county. A NOK region starts with the default price list; a region in another
/// currency must bring its own (<c>priceList</c>), since the defaults are NOK amounts.
/// </summary>
public sealed record RegisterRegion(
    string Name,
    Guid CountyId,
    string Country,
    string Currency,
    IReadOnlyList<string> MunicipalityNumbers,
    int? MonthlyHireTarget = null,
    int? TalentBaseGoal = null,
    PriceList? PriceList = null);

public sealed class RegisterRegionValidator : AbstractValidator<RegisterRegion>
{
    public RegisterRegionValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.CountyId).NotEmpty();
        RuleFor(x => x.Country).CountryCode();
        RuleFor(x => x.Currency).Cascade(CascadeMode.Stop).MaximumLength(InputLimits.CurrencyCode).Must(Money.Currencies.Contains).WithMessage("'Currency' must be one of NOK, SEK, EUR.");
        RuleFor(x => x.MunicipalityNumbers).NotEmpty().WithMessage("Name the municipality numbers the region groups.")
            .MunicipalityNumberList()
            .DependentRules(() => RuleForEach(x => x.MunicipalityNumbers).MunicipalityNumber());
        RuleFor(x => x.MonthlyHireTarget).GreaterThan(0).When(x => x.MonthlyHireTarget is not null);
        RuleFor(x => x.TalentBaseGoal).GreaterThan(0).When(x => x.TalentBaseGoal is not null);
        RuleFor(x => x.PriceList).NotNull().When(x => x.Currency != "NOK")
            .WithMessage("A region billed in another currency than NOK needs its own 'priceList': the default prices are NOK.");
        RuleFor(x => x.PriceList!).SetValidator(new PriceListValidator()).When(x => x.PriceList is not null);
        RuleFor(x => x.PriceList!.Currency).Equal(x => x.Currency).When(x => x.PriceList is not null)
            .WithMessage("The price list's currency must be the region's currency.");
    }
}

/// <summary>What registering a region reads: its county, and the regions of its country (whose numbers it may not claim).</summary>
public sealed record RegionRegistrationContext(County? County, IReadOnlyList<Region> RegionsOfCountry);

public static class RegisterRegionEndpoint
{
    public static async Task<RegionRegistrationContext> LoadAsync(RegisterRegion command, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var county = batch.InstallationCounty(command.CountyId);
        var country = command.Country.ToUpperInvariant();
        // Every region of the country, whatever its tenant: the one read across regions, for the installation's registry.
        var regions = batch.Query<Region>().Where(r => r.AnyTenant() && r.Country == country).ToList();
        await batch.Execute(cancellation);
        // Regions in databases of their own (Hosting/RegionDatabases.cs) are asked too: their numbers are theirs.
        var elsewhere = await InstallationDatabases.InOtherDatabasesAsync(session,
            other => other.Query<Region>().Where(r => r.AnyTenant() && r.Country == country).ToListAsync());
        return new RegionRegistrationContext((await county).SingleOrDefault(), [.. await regions, .. elsewhere]);
    }

    public static ProblemDetails Validate(RegisterRegion command, RegionRegistrationContext context) =>
        context.County is null ? Problems.NotFound($"No county {command.CountyId}.") : WolverineContinue.NoProblems;

    [EndpointSummary("Register a region (admin)")]
    [EndpointDescription("Register a region (admin). 404: The county does not exist. 409: A municipality number belongs to another region of the country already, is not in the county, or the county is in another country.")]
    [WolverinePost("/api/v1/regions", OperationId = "RegisterRegion"), Tags("Regions"), Authorize(Roles = Roles.Admin), NotTenanted]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IEnumerable<IMartenOp>) Post(RegisterRegion command, RegionRegistrationContext context, IDocumentSession session)
    {
        var registration = RegionDecisions.Register(Guid.CreateVersion7(), command, context.County!, context.RegionsOfCountry);
        var regionId = registration.Registered.RegionId;
        // The region's own stream opens its tenant; the numbers it claims are the installation's (default tenant), in the
        // same transaction, so a number claimed twice refuses the whole registration.
        session.ForTenant(RegionTenancy.TenantOf(regionId)).Events.StartStream<Region>(regionId, registration.Registered, registration.Prices);
        return (new CreatedResponse(regionId, $"/api/v1/regions/{regionId}"),
            registration.Claims.Select(claim => MartenOps.StartStream<MunicipalityNumberClaim>(claim.ClaimId, claim)));
    }
}

public static class GetRegionEndpoint
{
    [EndpointSummary("Read a region with its price lists")]
    [EndpointDescription("Read a region with its price lists: any signed-in member.")]
    [WolverineGet("/api/v1/regions/{regionId}", OperationId = "GetRegion"), Tags("Regions"), Authorize]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<RegionDetails>(StatusCodes.Status200OK)]
    public static Task<RegionDetails?> Get(Guid regionId, IQuerySession session, CancellationToken cancellation) =>
        RegionDetails.ReadAsync(regionId, session, cancellation);
}
