using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;
using Wolverine.Http;

namespace TalentPool.Matching;

/// <summary>A consenting talent as a vacancy's matching ranks it: the card a member sees, the score and its parts.</summary>
public sealed record TalentMatch(SharedTalentCard Talent, int Score, IReadOnlyList<ScorePart> Parts);

/// <summary>
/// A page of a vacancy's ranking, best first; pass <c>next</c> as <c>after</c> for the following page. <c>Scored</c>: how
/// many talents meeting the must-haves were scored (at most 900, see the README's "Matching").
/// </summary>
public sealed record TalentMatchPage(Guid VacancyId, IReadOnlyList<TalentMatch> Items, string? Next, int Scored);

public static class MatchTalentsForVacancyEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) => RankedPage.Check(after, limit);

    [EndpointSummary("Rank the shared base's talents for a vacancy")]
    [EndpointDescription("Rank the consenting talents of the shared base for a vacancy, best first, each with its score (0–100) and "
        + "the parts it is made of: competence area, languages against the requirements, the vacancy's municipality among the "
        + "preferred ones, willingness to relocate, education, experience, a \"+1\" whose occupation has openings in the region. "
        + "Only talents whose consent to the employer's kind of member is in force, who work in the vacancy's competence area "
        + "and speak at least one required language; never a talent the employer rejected (for any vacancy), nor one already "
        + "its candidate. Its employer, recruiters and admins; to anyone else the vacancy does not exist (404). Cursor paging "
        + "by `after` (`next`), at most 200 a page.")]
    [WolverineGet("/api/v1/vacancies/{vacancyId}/matches", OperationId = "MatchTalentsForVacancy"), Tags("Matching")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesResponseType<TalentMatchPage>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid vacancyId, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellation,
        [StringLength(RankedPage.CursorLength), RegularExpression(RankedPage.CursorPattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        var first = session.CreateBatchQuery();
        var loadedVacancy = first.Load<VacancyView>(vacancyId);
        var loadedRegion = first.Load<Region>(RegionTenancy.RegionOf(session));
        await first.Execute(cancellation);
        if (await loadedVacancy is not { } vacancy || !user.MaySee(vacancy.EmployerId))
        {
            return Results.Problem(Problems.NotFound($"No vacancy {vacancyId}."));
        }

        var requirements = MatchRequirements.Of(vacancy.Details);
        var scope = vacancy.EmployerKind == EmployerKind.Partner ? ConsentScope.Partners : ConsentScope.Municipalities;
        var validity = (await loadedRegion)?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths;
        // Which tiers walk the area's probe rows (MatchCandidates.WalkLimit): the filter values' frequencies, read per database every ten minutes.
        var frequencies = await SharedTalentProbeStatistics.OfAsync(session, cancellation);
        var second = session.CreateBatchQuery();
        // Never offered back: talents the employer rejected for any of its vacancies, and this vacancy's candidates already.
        var excluded = second.Query<CandidateDetails>()
            .Where(c => c.EmployerId == vacancy.EmployerId && (c.Rejected || c.VacancyId == vacancyId)).ToList();
        var openings = OpenVacancies.OccupationOpenings(session, second, except: vacancyId);
        var candidates = MatchCandidates.ForVacancy(
            session, second, requirements, scope, TalentConsents.InForceSince(clock.GetUtcNow(), validity), frequencies: frequencies);
        await second.Execute(cancellation);

        var notOffered = (await excluded).Select(c => c.TalentId).ToHashSet();
        var openingsNow = await openings;
        var scored = (await candidates).Where(candidate => !notOffered.Contains(candidate.Id))
            .Select(candidate => (Score: MatchScoring.Score(requirements, candidate.Profile, openingsNow), Id: candidate.Id, Item: candidate.Id))
            .ToList();
        var (ranked, next) = RankedPage.Of(scored, after, limit);
        // The page's cards only: what a member is shown is read for the talents it shows.
        var cards = (await session.LoadManyAsync<SharedTalent>(cancellation, ranked)).ToDictionary(t => t.Id);
        var scores = scored.ToDictionary(s => s.Id, s => s.Score);
        var items = ranked.Where(cards.ContainsKey).Select(id => (Talent: cards[id], Score: scores[id]))
            .Select(m => new TalentMatch(
                SharedTalentCard.Of(m.Talent, Guid.Parse(session.TenantId)),
                m.Score.Total, m.Score.Parts))
            .ToList();
        return Results.Ok(new TalentMatchPage(vacancyId, items, next, scored.Count));
    }
}
