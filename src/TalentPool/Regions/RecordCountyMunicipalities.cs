using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Common;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

/// <summary>The county's municipalities from <c>effectiveFrom</c> on, after a reorganisation or for a county registered without them.</summary>
public sealed record RecordCountyMunicipalities(string Country, IReadOnlyList<string> MunicipalityNumbers, DateOnly EffectiveFrom);

public sealed class RecordCountyMunicipalitiesValidator : AbstractValidator<RecordCountyMunicipalities>
{
    public RecordCountyMunicipalitiesValidator()
    {
        RuleFor(x => x.Country).CountryCode();
        RuleFor(x => x.MunicipalityNumbers).NotEmpty().WithMessage("Name every municipality number of the county.")
            .MunicipalityNumberList()
            .DependentRules(() => RuleForEach(x => x.MunicipalityNumbers).MunicipalityNumber());
        RuleFor(x => x.EffectiveFrom).NotEmpty();
    }
}

/// <summary>The regions of a county, whose municipalities its list must keep.</summary>
public sealed record RegionsOfCounty(IReadOnlyList<Region> Regions);

public static class RecordCountyMunicipalitiesEndpoint
{
    /// <summary>Every region of the county, in every database (Hosting/RegionDatabases.cs).</summary>
    public static async Task<RegionsOfCounty> LoadAsync(Guid countyId, IQuerySession session, CancellationToken cancellation) =>
        new([.. await session.Query<Region>().Where(r => r.AnyTenant() && r.CountyId == countyId).ToListAsync(cancellation),
            .. await InstallationDatabases.InOtherDatabasesAsync(session,
                elsewhere => elsewhere.Query<Region>().Where(r => r.AnyTenant() && r.CountyId == countyId).ToListAsync())]);

    [EndpointSummary("Record the county's municipalities from a date on (admin)")]
    [EndpointDescription("Record the county's municipalities from a date on (admin): after a reorganisation, or for a county registered without them. Months before the date keep the earlier list. 409: The list leaves out a municipality one of the county's regions groups, names another country, or a list from that date exists.")]
    [WolverinePost("/api/v1/counties/{countyId}/municipalities", OperationId = "RecordCountyMunicipalities"), Tags("Regions"), Authorize(Roles = Roles.Admin), NotTenanted]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<CountyDetails>, Events) Post(RecordCountyMunicipalities command, [WriteAggregate("countyId")] County county, RegionsOfCounty regions) =>
        (new UpdatedReadModel<CountyDetails>(), [CountyDecisions.RecordMunicipalities(county, command, regions.Regions)]);
}
