using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Hires;

public sealed record EndEmployment(DateOnly EndedOn, bool LeftRegion, string Reason);

public sealed class EndEmploymentValidator : AbstractValidator<EndEmployment>
{
    public EndEmploymentValidator()
    {
        RuleFor(x => x.EndedOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class EndEmploymentEndpoint
{
    [EndpointSummary("An employment ended")]
    [EndpointDescription("An employment ended: when, whether the talent left the region, why.")]
    [WolverinePost("/api/v1/hires/{hireId}/end", OperationId = "EndEmployment"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<HireDetails>, Events) End(EndEmployment command, [WriteAggregate("hireId")] Hire hire) =>
        (new UpdatedReadModel<HireDetails>(), [HireDecisions.End(hire, command)]);
}
