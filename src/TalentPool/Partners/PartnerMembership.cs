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

public sealed record CancelPartnerMembership(DateOnly EffectiveOn, string Reason);

public sealed record RejoinPartner(bool Founding, int EmployeeCount, DateOnly RejoinedOn);

public sealed class ChangePartnerTierValidator : AbstractValidator<ChangePartnerTier>
{
    public ChangePartnerTierValidator()
    {
        RuleFor(x => x.EmployeeCount).GreaterThanOrEqualTo(0);
        RuleFor(x => x.EffectiveOn).NotEmpty();
    }
}

public sealed class CancelPartnerMembershipValidator : AbstractValidator<CancelPartnerMembership>
{
    public CancelPartnerMembershipValidator()
    {
        RuleFor(x => x.EffectiveOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
    }
}

public sealed class RejoinPartnerValidator : AbstractValidator<RejoinPartner>
{
    public RejoinPartnerValidator()
    {
        RuleFor(x => x.EmployeeCount).GreaterThanOrEqualTo(0);
        RuleFor(x => x.RejoinedOn).NotEmpty();
    }
}

/// <summary>Changes to a partner's membership (admin). Refusals of the rules are 409s that say why.</summary>
public static class PartnerMembershipEndpoints
{
    [EndpointSummary("Change the partner's tier from a date")]
    [EndpointDescription("Change the partner's tier from a date: founding, or small/standard by headcount.")]
    [WolverinePost("/api/v1/partners/{partnerId}/tier", OperationId = "ChangePartnerTier"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<(UpdatedAggregate, Events)> ChangeTier(
        ChangePartnerTier command, [WriteAggregate("partnerId")] Partner partner, IQuerySession session)
    {
        var prices = await PricesOn(session, partner, command.EffectiveOn);
        return (new UpdatedAggregate(), [PartnerDecisions.ChangeTier(partner, command, prices)]);
    }

    [EndpointSummary("Cancel the membership with effect from a date (the first day without membership)")]
    [WolverinePost("/api/v1/partners/{partnerId}/cancellation", OperationId = "CancelPartnerMembership"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Cancel(CancelPartnerMembership command, [WriteAggregate("partnerId")] Partner partner) =>
        (new UpdatedAggregate(), [PartnerDecisions.Cancel(partner, command)]);

    [EndpointSummary("A former partner joins again")]
    [WolverinePost("/api/v1/partners/{partnerId}/rejoin", OperationId = "RejoinPartner"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<(UpdatedAggregate, Events)> Rejoin(
        RejoinPartner command, [WriteAggregate("partnerId")] Partner partner, IQuerySession session)
    {
        var prices = await PricesOn(session, partner, command.RejoinedOn);
        return (new UpdatedAggregate(), [PartnerDecisions.Rejoin(partner, command, prices)]);
    }

    [EndpointSummary("Read a partner")]
    [EndpointDescription("Read a partner: the partner itself or an admin.")]
    [WolverineGet("/api/v1/partners/{partnerId}", OperationId = "GetPartner"), Tags("Partners")]
    [Authorize(Policy = AccessPolicies.PartnerSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Partner?> Get(Guid partnerId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Partner>(partnerId, cancellation);


    private static async Task<PriceList> PricesOn(IQuerySession session, Partner partner, DateOnly day)
    {
        var region = await session.LoadAsync<Region>(partner.RegionId)
            ?? throw new InvalidOperationException($"Partner {partner.Id} names region {partner.RegionId}, which does not exist.");
        return region.PriceListInForce(day);
    }
}
