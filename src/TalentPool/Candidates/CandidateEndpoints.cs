using System.Security.Claims;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Candidates;

public sealed record IntroduceCandidate(Guid TalentId);

public sealed record MoveCandidate(CandidateStage Stage);

public sealed record RejectCandidate(string Reason);

public sealed class IntroduceCandidateValidator : AbstractValidator<IntroduceCandidate>
{
    public IntroduceCandidateValidator() => RuleFor(x => x.TalentId).NotEmpty();
}

public sealed class MoveCandidateValidator : AbstractValidator<MoveCandidate>
{
    public MoveCandidateValidator() => RuleFor(x => x.Stage).IsNamedValue();
}

public sealed class RejectCandidateValidator : AbstractValidator<RejectCandidate>
{
    public RejectCandidateValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
}

/// <param name="OtherRegionHome">For a talent not of this region: its home region, if it consents to be seen in this one.</param>
public sealed record IntroductionContext(Vacancy? Vacancy, Talent? Talent, Candidacy? Existing, int ConsentValidityMonths, Guid? OtherRegionHome = null);

public static class IntroduceCandidateEndpoint
{
    public static async Task<IntroductionContext> LoadAsync(
        Guid vacancyId, IntroduceCandidate command, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var vacancy = batch.Load<Vacancy>(vacancyId);
        var talent = batch.Load<Talent>(command.TalentId);
        var existing = batch.Load<Candidacy>(Candidacy.IdFor(vacancyId, command.TalentId));
        await batch.Execute(cancellation);
        var loaded = await vacancy;
        var region = loaded is null ? null : await session.LoadAsync<Region>(loaded.RegionId, cancellation);
        var ownTalent = await talent;
        var otherRegionHome = ownTalent is null ? await OtherRegionsSharing.HomeRegionOfVisibleAsync(session, command.TalentId, clock.GetUtcNow(), cancellation) : null;
        return new IntroductionContext(loaded, ownTalent, await existing, region?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths, otherRegionHome);
    }

    public static ProblemDetails Validate(Guid vacancyId, IntroduceCandidate command, IntroductionContext context, ClaimsPrincipal user) => context switch
    {
        { Vacancy: null } => Problems.NotFound($"No vacancy {vacancyId}."),
        { Vacancy: { } vacancy } when !user.IsInRole(Roles.Recruiter) && !user.MayChange(vacancy) => Problems.NotFound($"No vacancy {vacancyId}."),
        { Talent: null, OtherRegionHome: null } => Problems.NotFound($"No talent {command.TalentId}."),
        _ => WolverineContinue.NoProblems,
    };

    [EndpointSummary("Introduce a talent from the shared base to a vacancy")]
    [EndpointDescription("Introduce a talent from the shared base to a vacancy: its employer, a recruiter or an admin. 409: The vacancy is closed, the talent has not consented to sharing, was introduced already, or lives in another region (seen here by its consent to other regions: not introduced across regions).")]
    [WolverinePost("/api/v1/vacancies/{vacancyId}/candidates", OperationId = "IntroduceCandidate"), Tags("Candidates")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IStartStream) Post(IntroduceCandidate command, IntroductionContext context, TimeProvider clock)
    {
        var introduced = context.Talent is { } talent
            ? CandidateDecisions.Introduce(context.Vacancy!, talent, context.Existing, context.ConsentValidityMonths, clock.GetUtcNow())
            : CandidateDecisions.IntroduceFromOtherRegion(context.OtherRegionHome!.Value);
        return (new CreatedResponse(introduced.CandidacyId, $"/api/v1/candidates/{introduced.CandidacyId}"),
            MartenOps.StartStream<Candidacy>(introduced.CandidacyId, introduced));
    }
}

public static class MoveCandidateEndpoint
{
    public static ProblemDetails Validate(Candidacy candidacy, ClaimsPrincipal user) => CandidateAccess.Check(candidacy, user);

    [EndpointSummary("Move a candidate to a pipeline stage")]
    [EndpointDescription("Move a candidate to a pipeline stage: the vacancy's employer, a recruiter or an admin.")]
    [WolverinePost("/api/v1/candidates/{candidacyId}/stage", OperationId = "MoveCandidate"), Tags("Candidates")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<CandidateDetails>, Events) Post(MoveCandidate command, [WriteAggregate("candidacyId")] Candidacy candidacy, TimeProvider clock) =>
        (new UpdatedReadModel<CandidateDetails>(), [CandidateDecisions.Move(candidacy, command.Stage, clock.GetUtcNow())]);
}

public static class RejectCandidateEndpoint
{
    public static ProblemDetails Validate(Candidacy candidacy, ClaimsPrincipal user) => CandidateAccess.Check(candidacy, user);

    [EndpointSummary("Reject a candidate for this vacancy; the talent stays in the shared base for other members")]
    [WolverinePost("/api/v1/candidates/{candidacyId}/rejection", OperationId = "RejectCandidate"), Tags("Candidates")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<CandidateDetails>, Events) Post(RejectCandidate command, [WriteAggregate("candidacyId")] Candidacy candidacy, TimeProvider clock) =>
        (new UpdatedReadModel<CandidateDetails>(), [CandidateDecisions.Reject(candidacy, command.Reason, clock.GetUtcNow())]);
}

public static class ListCandidatesEndpoint
{
    [EndpointSummary("A vacancy's candidates")]
    [EndpointDescription("A vacancy's candidates: its employer, recruiters, admins.")]
    [WolverineGet("/api/v1/vacancies/{vacancyId}/candidates", OperationId = "ListCandidates"), Tags("Candidates")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesResponseType<IReadOnlyList<CandidateDetails>>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid vacancyId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var vacancy = await session.LoadAsync<Vacancy>(vacancyId, cancellation);
        if (vacancy is null || !user.MaySee(vacancy.EmployerId)) return Results.Problem(Problems.NotFound($"No vacancy {vacancyId}."));
        var candidates = await session.Query<CandidateDetails>().Where(c => c.VacancyId == vacancyId).OrderBy(c => c.IntroducedAt).ToListAsync(cancellation);
        return Results.Ok(candidates);
    }
}

internal static class CandidateAccess
{
    /// <summary>Another member's candidate is, to the caller, a candidate that does not exist.</summary>
    public static ProblemDetails Check(Candidacy candidacy, ClaimsPrincipal user) =>
        MaySee(candidacy.EmployerId, user) ? WolverineContinue.NoProblems : Problems.NotFound($"No candidate {candidacy.Id}.");

    /// <summary>The vacancy's employer, recruiters and admins.</summary>
    public static bool MaySee(Guid employerId, ClaimsPrincipal user) =>
        user.IsAdmin() || user.IsInRole(Roles.Recruiter) || user.Is(employerId);
}
