using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
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
    [EndpointSummary("A former partner joins again")]
    [WolverinePost("/api/v1/partners/{partnerId}/rejoin", OperationId = "RejoinPartner"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<(UpdatedAggregate, Events)> Rejoin(
        RejoinPartner command, [WriteAggregate("partnerId")] Partner partner, IQuerySession session)
    {
        var region = await session.LoadAsync<Region>(partner.RegionId)
            ?? throw new InvalidOperationException($"Partner {partner.Id} names region {partner.RegionId}, which does not exist.");
        return (new UpdatedAggregate(), [PartnerDecisions.Rejoin(partner, command, region.PriceListInForce(command.RejoinedOn))]);
    }
}
