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

/// <summary>
/// Replace the tier recorded from <c>EffectiveOn</c>, which was wrong. A correction has its own route and event, and
/// needs a reason: a change of tier (<c>POST …/tier</c>) can never silently overwrite a fact, and the history
/// shows which facts were replaced, by whom and why.
/// </summary>
public sealed record CorrectPartnerTier(bool Founding, int EmployeeCount, DateOnly EffectiveOn, string Reason);

public sealed class CorrectPartnerTierValidator : AbstractValidator<CorrectPartnerTier>
{
    public CorrectPartnerTierValidator()
    {
        RuleFor(x => x.EmployeeCount).GreaterThanOrEqualTo(0);
        RuleFor(x => x.EffectiveOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class CorrectPartnerTierEndpoint
{
    public static Task<Region?> LoadAsync(Partner partner, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Region>(partner.RegionId, cancellation);

    [EndpointSummary("Correct the tier recorded from a date")]
    [EndpointDescription("Correct the tier recorded from a date (the join day, a rejoin or a tier change), with a reason. 409: no tier is recorded from that day, or the correction would break a founding commitment.")]
    [WolverinePost("/api/v1/partners/{partnerId}/tier/corrections", OperationId = "CorrectPartnerTier"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<PartnerDetails>, Events) Post(CorrectPartnerTier command, [WriteAggregate("partnerId")] Partner partner, Region region) =>
        (new UpdatedReadModel<PartnerDetails>(), [PartnerDecisions.CorrectTier(partner, command, region.PriceListInForce(command.EffectiveOn))]);
}
