using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Hires;

public sealed record CancelHire(DateOnly CancelledOn, string Reason);

public sealed class CancelHireValidator : AbstractValidator<CancelHire>
{
    public CancelHireValidator()
    {
        RuleFor(x => x.CancelledOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class CancelHireEndpoint
{
    [EndpointSummary("Cancel a hire, e.g")]
    [EndpointDescription("Cancel a hire, e.g. within probation: its fee is credited on the statement of the cancellation's month.")]
    [WolverinePost("/api/v1/hires/{hireId}/cancellation", OperationId = "CancelHire"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<HireDetails>, Events) Cancel(CancelHire command, [WriteAggregate("hireId")] Hire hire) =>
        (new UpdatedReadModel<HireDetails>(), [HireDecisions.Cancel(hire, command)]);
}
