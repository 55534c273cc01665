using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hosting;
using TalentPool.Talents;
using TalentPool.Vacancies;
using Wolverine.Http;

namespace TalentPool.Matching;

/// <summary>An open vacancy as the talent's own view ranks it: the vacancy, the score and its parts.</summary>
public sealed record VacancyMatch(VacancyView Vacancy, int Score, IReadOnlyList<ScorePart> Parts);

/// <summary>
/// A page of the open vacancies that fit the talent, best first; pass <c>next</c> as <c>after</c> for the following page.
/// <c>Scored</c>: how many open vacancies in the talent's competence areas were scored (the newest 2,000 at most).
/// </summary>
public sealed record VacancyMatchPage(Guid TalentId, IReadOnlyList<VacancyMatch> Items, string? Next, int Scored);

public static class MatchVacanciesForTalentEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) => RankedPage.Check(after, limit);

    [EndpointSummary("The open vacancies that fit a talent")]
    [EndpointDescription("The region's open vacancies in the talent's competence areas, best fit first, each with its score (0–100) "
        + "and the parts it is made of, scored as a vacancy's matching scores the talent. Never a vacancy of an employer who "
        + "rejected the talent, nor one the talent is a candidate for already. The talent itself or an admin. Cursor paging "
        + "by `after` (`next`), at most 200 a page.")]
    [WolverineGet("/api/v1/talents/{talentId}/matching-vacancies", OperationId = "MatchVacanciesForTalent"), Tags("Matching")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesResponseType<VacancyMatchPage>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid talentId, IQuerySession session, CancellationToken cancellation, [StringLength(RankedPage.CursorLength), RegularExpression(RankedPage.CursorPattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        var first = session.CreateBatchQuery();
        var loadedTalent = first.Load<Talent>(talentId);
        var candidacies = first.Query<CandidateDetails>().Where(c => c.TalentId == talentId).ToList();
        var openings = OpenVacancies.OccupationOpenings(session, first, except: null);
        await first.Execute(cancellation);
        if (await loadedTalent is not { } talent) return Results.Problem(Problems.NotFound($"No talent {talentId}."));

        var areas = talent.Profile.CompetenceAreas.ToArray();
        var vacancies = await session.Query<VacancyView>()
            .Where(v => v.Status == VacancyStatus.Open && v.Details.CompetenceArea.IsOneOf(areas))
            .OrderByDescending(v => v.Id).Take(OpenVacancies.MostRead).ToListAsync(cancellation);

        // Never offered: vacancies of an employer who rejected the talent, and those the talent is a candidate for already.
        var mine = await candidacies;
        var rejectedBy = mine.Where(c => c.Rejected).Select(c => c.EmployerId).ToHashSet();
        var candidateFor = mine.Select(c => c.VacancyId).ToHashSet();
        var openingsNow = await openings;
        var scored = vacancies.Where(v => !rejectedBy.Contains(v.EmployerId) && !candidateFor.Contains(v.Id))
            .Select(v => (Score: MatchScoring.Score(MatchRequirements.Of(v.Details), talent.Profile, openingsNow), v.Id, Vacancy: v))
            .ToList();
        var (items, next) = RankedPage.Of(scored.Select(s => (s.Score, s.Id, new VacancyMatch(s.Vacancy, s.Score.Total, s.Score.Parts))), after, limit);
        return Results.Ok(new VacancyMatchPage(talentId, items, next, scored.Count));
    }
}
