using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Common;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

/// <summary>
/// Replace the price-list version in force from <c>priceList.effectiveFrom</c>, which was wrong. A correction has its
/// own route and event, and needs a reason: publishing can never silently overwrite a version, and the region's
/// history shows which versions were replaced, by whom and why. Closed months are then corrected on the next statement.
/// </summary>
public sealed record CorrectPriceList(PriceList PriceList, string Reason);

public sealed class CorrectPriceListValidator : AbstractValidator<CorrectPriceList>
{
    public CorrectPriceListValidator()
    {
        RuleFor(x => x.PriceList).NotNull().SetValidator(new PriceListValidator());
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class CorrectPriceListEndpoint
{
    public static ProblemDetails Validate(CorrectPriceList command, Region region) => PublishPriceListEndpoint.InRegionCurrency(command.PriceList, region, "priceList.currency");

    [EndpointSummary("Correct the price-list version in force from a date (admin)")]
    [EndpointDescription("Replace the price-list version in force from `priceList.effectiveFrom`, with a reason. 409: no version is in force from that day.")]
    [WolverinePost("/api/v1/regions/{regionId}/price-lists/corrections", OperationId = "CorrectPriceList"), Tags("Regions"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<RegionDetails>, Events) Post(CorrectPriceList command, [WriteAggregate("regionId")] Region region) =>
        (new UpdatedReadModel<RegionDetails>(), [PriceListDecisions.Correct(region, command)]);
}
