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

public sealed record RegisterCounty(string Name);

public sealed class RegisterCountyValidator : AbstractValidator<RegisterCounty>
{
    public RegisterCountyValidator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
}

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
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.CountyId).NotEmpty();
        RuleFor(x => x.Country).NotEmpty().Matches("^[A-Za-z]{2}$").WithMessage("'Country' must be an ISO 3166-1 alpha-2 code such as NO or SE.");
        RuleFor(x => x.Currency).Must(Money.Currencies.Contains).WithMessage("'Currency' must be one of NOK, SEK, EUR.");
        RuleFor(x => x.MunicipalityNumbers).NotEmpty().WithMessage("Name the municipality numbers the region groups.");
        RuleForEach(x => x.MunicipalityNumbers).NotNull().Matches("^[0-9]{4}$").WithMessage("Each municipality number has four digits, such as 3403.");
        RuleFor(x => x.MonthlyHireTarget).GreaterThan(0).When(x => x.MonthlyHireTarget is not null);
        RuleFor(x => x.TalentBaseGoal).GreaterThan(0).When(x => x.TalentBaseGoal is not null);
        RuleFor(x => x.PriceList).NotNull().When(x => x.Currency != "NOK")
            .WithMessage("A region billed in another currency than NOK needs its own 'priceList': the default prices are NOK.");
        RuleFor(x => x.PriceList!).SetValidator(new PriceListValidator()).When(x => x.PriceList is not null);
        RuleFor(x => x.PriceList!.Currency).Equal(x => x.Currency).When(x => x.PriceList is not null)
            .WithMessage("The price list's currency must be the region's currency.");
    }
}

public static class RegisterCountyEndpoint
{
    [EndpointSummary("Register a county (admin)")]
    [WolverinePost("/api/v1/counties", OperationId = "RegisterCounty"), Tags("Regions"), Authorize(Roles = Roles.Admin)]
    public static (CreatedResponse, IStartStream) PostCounty(RegisterCounty command)
    {
        var registered = new CountyRegistered(Guid.CreateVersion7(), command.Name.Trim());
        return (new CreatedResponse(registered.CountyId, $"/api/v1/counties/{registered.CountyId}"),
            MartenOps.StartStream<County>(registered.CountyId, registered));
    }

}

public static class RegisterRegionEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterRegion command, IQuerySession session) =>
        await session.LoadAsync<County>(command.CountyId) is null
            ? new ProblemDetails { Status = 404, Title = "Not Found", Detail = $"No county {command.CountyId}." }
            : WolverineContinue.NoProblems;

    [EndpointSummary("Register a region (admin)")]
    [EndpointDescription("Register a region (admin). 404: The county does not exist.")]
    [WolverinePost("/api/v1/regions", OperationId = "RegisterRegion"), Tags("Regions"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (CreatedResponse, IStartStream) Post(RegisterRegion command)
    {
        var regionId = Guid.CreateVersion7();
        var registered = new RegionRegistered(regionId, command.Name.Trim(), command.CountyId, command.Country.ToUpperInvariant(),
            command.Currency, [.. command.MunicipalityNumbers.Distinct()], command.MonthlyHireTarget ?? 200, command.TalentBaseGoal ?? 10_000);
        // The defaults are data too: an event, so a later price list is simply a newer version.
        var prices = new PriceListPublished(regionId, command.PriceList ?? PriceList.Defaults(new DateOnly(2000, 1, 1)));
        return (new CreatedResponse(regionId, $"/api/v1/regions/{regionId}"), MartenOps.StartStream<Region>(regionId, registered, prices));
    }

}

public static class GetRegionEndpoint
{
    [EndpointSummary("Read a region with its price lists")]
    [EndpointDescription("Read a region with its price lists: any signed-in member.")]
    [WolverineGet("/api/v1/regions/{regionId}", OperationId = "GetRegion"), Tags("Regions"), Authorize]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Region?> Get(Guid regionId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Region>(regionId, cancellation);
}
