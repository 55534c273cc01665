using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Common;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

public sealed class PublishPriceListValidator : AbstractValidator<PriceList>
{
    public PublishPriceListValidator() => Include(new PriceListValidator());
}

public static class PublishPriceListEndpoint
{
    public static ProblemDetails Validate(PriceList priceList, Region region) => InRegionCurrency(priceList, region);

    /// <summary>A version is in the region's currency: a 400, like any other invalid field.</summary>
    public static ProblemDetails InRegionCurrency(PriceList priceList, Region region, string field = "currency") => priceList.Currency == region.Currency
        ? WolverineContinue.NoProblems
        : Problems.Invalid(field, $"The region is billed in {region.Currency}, not {priceList.Currency}: a price list is in the region's currency.");

    [EndpointSummary("Publish a new version of the region's price list, in force from `effectiveFrom` (admin)")]
    [EndpointDescription("Publish a new version of the region's price list, in force from `effectiveFrom` until the next version. A back-dated version takes its place and leaves later versions alone. 409: a version is in force from that day already (correct it with `/price-lists/corrections`).")]
    [WolverinePost("/api/v1/regions/{regionId}/price-lists", OperationId = "PublishPriceList"), Tags("Regions"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<RegionDetails>, Events) Post(PriceList priceList, [WriteAggregate("regionId")] Region region) =>
        (new UpdatedReadModel<RegionDetails>(), [PriceListDecisions.Publish(region, priceList)]);
}
