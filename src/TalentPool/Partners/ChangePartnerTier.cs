using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Partners;

public sealed record ChangePartnerTier(bool Founding, int EmployeeCount, DateOnly EffectiveOn);

public sealed class ChangePartnerTierValidator : AbstractValidator<ChangePartnerTier>
{
    public ChangePartnerTierValidator()
    {
        RuleFor(x => x.EmployeeCount).GreaterThanOrEqualTo(0);
        RuleFor(x => x.EffectiveOn).NotEmpty();
    }
}

public static class ChangePartnerTierEndpoint
{
    [EndpointSummary("Change the partner's tier from a date")]
    [EndpointDescription("Change the partner's tier from a date: founding, or small/standard by headcount.")]
    [WolverinePost("/api/v1/partners/{partnerId}/tier", OperationId = "ChangePartnerTier"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<(UpdatedAggregate, Events)> ChangeTier(
        ChangePartnerTier command, [WriteAggregate("partnerId")] Partner partner, IQuerySession session)
    {
        var region = await session.LoadAsync<Region>(partner.RegionId)
            ?? throw new InvalidOperationException($"Partner {partner.Id} names region {partner.RegionId}, which does not exist.");
        return (new UpdatedAggregate(), [PartnerDecisions.ChangeTier(partner, command, region.PriceListInForce(command.EffectiveOn))]);
    }
}
