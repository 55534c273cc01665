using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
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
    public static Task<Region?> LoadAsync(Partner partner, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Region>(partner.RegionId, cancellation);

    [EndpointSummary("Change the partner's tier from a date")]
    [EndpointDescription("Change the partner's tier from a date: founding, or small/standard by headcount. The date lies in the current membership, before a pending cancellation takes effect; a day that has a tier already is corrected instead (`/tier/corrections`).")]
    [WolverinePost("/api/v1/partners/{partnerId}/tier", OperationId = "ChangePartnerTier"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<PartnerDetails>, Events) ChangeTier(
        ChangePartnerTier command, [WriteAggregate("partnerId")] Partner partner, Region region, TimeProvider clock) =>
        (new UpdatedReadModel<PartnerDetails>(), [PartnerDecisions.ChangeTier(partner, command, region.PriceListInForce(command.EffectiveOn), clock.Today())]);
}
