using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Partners;

/// <summary>A company joins a region. The tier is founding when asked, else small or standard by headcount.</summary>
public sealed record JoinPartner(Guid RegionId, string Name, string OrganisationNumber, int EmployeeCount, bool Founding, DateOnly JoinedOn);

public sealed class JoinPartnerValidator : AbstractValidator<JoinPartner>
{
    public JoinPartnerValidator()
    {
        RuleFor(x => x.RegionId).NotEmpty();
        RuleFor(x => x.Name).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.OrganisationNumber).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(InputLimits.OrganisationNumber).Matches("^[0-9A-Za-z -]{6,20}$")
            .WithMessage("'Organisation Number' must be the company's registration number, such as 923 609 016.");
        RuleFor(x => x.EmployeeCount).GreaterThanOrEqualTo(0);
        RuleFor(x => x.JoinedOn).NotEmpty();
    }
}

/// <summary>What joining reads: the region, and a partner of it with the same organisation number, if any.</summary>
public sealed record PartnerJoining(Region? Region, Partner? SameCompany);

public static class JoinPartnerEndpoint
{
    public static async Task<PartnerJoining> LoadAsync(JoinPartner command, IQuerySession session, CancellationToken cancellation)
    {
        // The friendly check; the unique index on (region, organisation number) decides between racing joins.
        var key = OrganisationNumbers.Key(command.OrganisationNumber);
        var batch = session.CreateBatchQuery();
        var region = batch.Load<Region>(command.RegionId);
        var sameCompany = batch.Query<Partner>().Where(p => p.RegionId == command.RegionId && p.OrganisationNumberKey == key).FirstOrDefault();
        await batch.Execute(cancellation);
        return new PartnerJoining(await region, await sameCompany);
    }

    public static ProblemDetails Validate(JoinPartner command, PartnerJoining joining) => joining.Region is null
        ? Problems.NotFound($"No region {command.RegionId}.")
        : WolverineContinue.NoProblems;

    [EndpointSummary("Register a partner company's membership (admin)")]
    [EndpointDescription("Register a partner company's membership (admin). 404: The region does not exist. 409: No price list is in force on the join date, or the organisation number (compared by its letters and digits) is registered in the region already: a former member rejoins instead.")]
    [WolverinePost("/api/v1/partners", OperationId = "JoinPartner"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IStartStream) Post(JoinPartner command, PartnerJoining joining)
    {
        var joined = PartnerDecisions.Join(Guid.CreateVersion7(), command, joining.Region!.PriceListInForce(command.JoinedOn), joining.SameCompany);
        return (new CreatedResponse(joined.PartnerId, $"/api/v1/partners/{joined.PartnerId}"), MartenOps.StartStream<Partner>(joined.PartnerId, joined));
    }
}
