using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Hosting;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Hires;

/// <summary>
/// A recruiter records a hire. <c>HiredOn</c> defaults to today; the fee is billed in its month. The job's municipality
/// is the vacancy's when the hire names one; otherwise <c>WorkplaceMunicipality</c> may tell it (one of the region's).
/// </summary>
public sealed record RecordHire(
    Guid TalentId, Guid PartnerId, DateOnly StartsOn, Guid? VacancyId = null, DateOnly? HiredOn = null, string? WorkplaceMunicipality = null);

public sealed class RecordHireValidator : AbstractValidator<RecordHire>
{
    public RecordHireValidator()
    {
        RuleFor(x => x.TalentId).NotEmpty();
        RuleFor(x => x.PartnerId).NotEmpty();
        RuleFor(x => x.StartsOn).NotEmpty();
        RuleFor(x => x.WorkplaceMunicipality!).MunicipalityNumber().When(x => x.WorkplaceMunicipality is not null);
    }
}

/// <summary>
/// Everything a hire decision reads, loaded before the endpoint runs. <c>BillingChangesSeen</c> is the number of the
/// region's billing events (closes and reopens) committed when the hire was loaded: billing's inline projection stamps
/// the hire's fee with it (<see cref="Billing.BillableHireProjection"/>) without a query of its own during the write.
/// </summary>
public sealed record HireContext(TalentHistory? Talent, Partner? Partner, Region? Region, VacancyView? Vacancy, int BillingChangesSeen = 0);

public static class RecordHireEndpoint
{
    /// <summary>
    /// One batch (<see cref="HireContextQuery"/>), which Wolverine sends together with its idempotency-key lookup: a hire
    /// reads everything in one round trip, and writes in one more.
    /// </summary>
    public static HireContextQuery Load(RecordHire command) => new(command);

    public static ProblemDetails Validate(RecordHire command, HireContext context) => context switch
    {
        { Talent: null } => Problems.NotFound($"No talent {command.TalentId}."),
        { Partner: null } => Problems.NotFound($"No partner {command.PartnerId}."),
        { Vacancy: null } when command.VacancyId is not null => Problems.NotFound($"No vacancy {command.VacancyId}."),
        _ => WolverineContinue.NoProblems,
    };

    [EndpointSummary("Record a hire (recruiter, admin)")]
    [EndpointDescription("Record a hire (recruiter, admin). Send an `Idempotency-Key` header: a retry with the same key and body — even one racing the first — gets the first response and never records or bills twice. 404: The talent, the partner or the vacancy does not exist. 409: A rule refused the hire (the partner is not a member then, the talent is already employed by it, the workplace municipality is not the region's or not the vacancy's …). 422: The idempotency key was used before with another request.")]
    [WolverinePost("/api/v1/hires", OperationId = "RecordHire"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [DeduplicatedWithResponse(DeduplicationScope.User | DeduplicationScope.Endpoint, Required = true, ClaimInTransaction = true)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    public static (CreatedResponse, IStartStream) Post(RecordHire command, HireContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var hired = HireDecisions.Record(Guid.CreateVersion7(), command, command.HiredOn ?? DateOnly.FromDateTime(now.UtcDateTime),
            context.Talent!, context.Partner!, context.Region!, now, context.Vacancy);
        return (new CreatedResponse(hired.HireId, $"/api/v1/hires/{hired.HireId}"),
            MartenOps.StartStream<Hire>(hired.HireId, BillableHireProjection.Seen(hired, context.BillingChangesSeen)));
    }
}
