using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Hires;

public sealed record RecordAccompanyingPartnerEmployment(DateOnly EmployedOn, string Occupation, Guid? EmployerPartnerId = null);

public sealed class RecordAccompanyingPartnerEmploymentValidator : AbstractValidator<RecordAccompanyingPartnerEmployment>
{
    public RecordAccompanyingPartnerEmploymentValidator()
    {
        RuleFor(x => x.EmployedOn).NotEmpty();
        RuleFor(x => x.Occupation).NotEmpty().MaximumLength(InputLimits.Name);
    }
}

public static class RecordAccompanyingPartnerEmploymentEndpoint
{
    [EndpointSummary("The talent's accompanying partner (the \"+1\") found work in the region too")]
    [WolverinePost("/api/v1/hires/{hireId}/accompanying-partner-employment", OperationId = "RecordAccompanyingPartnerEmployment"), Tags("Hires")]
    [Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<HireDetails>, Events) AccompanyingPartner(RecordAccompanyingPartnerEmployment command, [WriteAggregate("hireId")] Hire hire) =>
        (new UpdatedReadModel<HireDetails>(), [HireDecisions.RecordAccompanyingPartnerEmployed(hire, command)]);
}
