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

public sealed record RejoinPartner(bool Founding, int EmployeeCount, DateOnly RejoinedOn);

public sealed class RejoinPartnerValidator : AbstractValidator<RejoinPartner>
{
    public RejoinPartnerValidator()
    {
        RuleFor(x => x.EmployeeCount).GreaterThanOrEqualTo(0);
        RuleFor(x => x.RejoinedOn).NotEmpty();
    }
}

public static class RejoinPartnerEndpoint
{
    public static Task<Region?> LoadAsync(Partner partner, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Region>(partner.RegionId, cancellation);

    [EndpointSummary("A former partner joins again")]
    [EndpointDescription("A former partner joins again, once its last membership has ended (a pending cancellation must have taken effect), from a day with a price list in force.")]
    [WolverinePost("/api/v1/partners/{partnerId}/rejoin", OperationId = "RejoinPartner"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<PartnerDetails>, Events) Rejoin(
        RejoinPartner command, [WriteAggregate("partnerId")] Partner partner, Region region, TimeProvider clock) =>
        (new UpdatedReadModel<PartnerDetails>(), [PartnerDecisions.Rejoin(partner, command, region.PriceListInForce(command.RejoinedOn), clock.Today())]);
}
