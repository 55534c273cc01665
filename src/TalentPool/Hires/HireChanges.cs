using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Hires;

public sealed record CancelHire(DateOnly CancelledOn, string Reason);

public sealed record EndEmployment(DateOnly EndedOn, bool LeftRegion, string Reason);

public sealed record RecordAccompanyingPartnerEmployment(DateOnly EmployedOn, string Occupation, Guid? EmployerPartnerId = null);

public sealed class CancelHireValidator : AbstractValidator<CancelHire>
{
    public CancelHireValidator()
    {
        RuleFor(x => x.CancelledOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
    }
}

public sealed class EndEmploymentValidator : AbstractValidator<EndEmployment>
{
    public EndEmploymentValidator()
    {
        RuleFor(x => x.EndedOn).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
    }
}

public sealed class RecordAccompanyingPartnerEmploymentValidator : AbstractValidator<RecordAccompanyingPartnerEmployment>
{
    public RecordAccompanyingPartnerEmploymentValidator()
    {
        RuleFor(x => x.EmployedOn).NotEmpty();
        RuleFor(x => x.Occupation).NotEmpty().MaximumLength(200);
    }
}

/// <summary>What happens to a hire afterwards (recruiter, admin).</summary>
public static class HireChangeEndpoints
{
    [EndpointSummary("Cancel a hire, e.g")]
    [EndpointDescription("Cancel a hire, e.g. within probation: its fee is credited on the statement of the cancellation's month.")]
    [WolverinePost("/api/v1/hires/{hireId}/cancellation", OperationId = "CancelHire"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Cancel(CancelHire command, [WriteAggregate("hireId")] Hire hire) =>
        (new UpdatedAggregate(), [HireDecisions.Cancel(hire, command)]);

    [EndpointSummary("An employment ended")]
    [EndpointDescription("An employment ended: when, whether the talent left the region, why.")]
    [WolverinePost("/api/v1/hires/{hireId}/end", OperationId = "EndEmployment"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) End(EndEmployment command, [WriteAggregate("hireId")] Hire hire) =>
        (new UpdatedAggregate(), [HireDecisions.End(hire, command)]);

    [EndpointSummary("The talent's accompanying partner (the \"+1\") found work in the region too")]
    [WolverinePost("/api/v1/hires/{hireId}/accompanying-partner-employment", OperationId = "RecordAccompanyingPartnerEmployment"), Tags("Hires")]
    [Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) AccompanyingPartner(RecordAccompanyingPartnerEmployment command, [WriteAggregate("hireId")] Hire hire) =>
        (new UpdatedAggregate(), [HireDecisions.RecordAccompanyingPartnerEmployed(hire, command)]);

    [EndpointSummary("Read a hire (recruiter, admin)")]
    [WolverineGet("/api/v1/hires/{hireId}", OperationId = "GetHire"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Hire?> Get(Guid hireId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Hire>(hireId, cancellation);
}
