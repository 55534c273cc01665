using TalentPool.Common;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Candidates;

public static class CandidateDecisions
{
    /// <summary>Only a talent who consents to share with this kind of employer is introduced, and only to an open vacancy.</summary>
    public static CandidateIntroduced Introduce(Vacancy vacancy, Talent talent, Candidacy? existing, int consentValidityMonths, DateTimeOffset now)
    {
        if (vacancy.Status != VacancyStatus.Open) throw new RuleViolation("The vacancy is closed; candidates are introduced to open vacancies.");
        var scope = vacancy.EmployerKind == EmployerKind.Partner ? ConsentScope.Partners : ConsentScope.Municipalities;
        if (!talent.Consents.InForce(scope, now, consentValidityMonths))
        {
            throw new RuleViolation($"The talent has not consented to share the profile with {scope.ToString().ToLowerInvariant()}, or the consent has expired.");
        }
        if (existing is not null) throw new RuleViolation("The talent has been introduced to this vacancy already.");
        return new CandidateIntroduced(Candidacy.IdFor(vacancy.Id, talent.Id), vacancy.Id, talent.Id, vacancy.EmployerKind, vacancy.EmployerId, now);
    }

    /// <summary>
    /// A talent of another region, seen here by its consent, is not introduced: a candidacy and its hire are kept, billed and
    /// counted in one region, and the talent's home region holds the talent's consents and erasure. Refused (409), nothing recorded.
    /// </summary>
    public static CandidateIntroduced IntroduceFromOtherRegion(Guid homeRegion) =>
        throw new RuleViolation($"The talent lives in region {homeRegion} and is seen here by consent only: a talent of another region "
            + "cannot be introduced to this region's vacancies. Contact the talent as the shared talent base shows, or ask the talent's region.");

    public static CandidateMovedToStage Move(Candidacy candidacy, CandidateStage stage, DateTimeOffset now)
    {
        if (candidacy.Rejected) throw new RuleViolation("The candidate was rejected for this vacancy.");
        if (stage == candidacy.Stage) throw new RuleViolation($"The candidate is at stage {stage} already.");
        return new CandidateMovedToStage(candidacy.Id, candidacy.EmployerKind, candidacy.EmployerId, stage, now);
    }

    public static CandidateRejected Reject(Candidacy candidacy, string reason, DateTimeOffset now)
    {
        if (candidacy.Rejected) throw new RuleViolation("The candidate was rejected already.");
        // Written after the talent's erasure, the reason is about a person the platform has forgotten: it is stored masked.
        var stored = candidacy.TalentErased ? ErasedText.Value : reason.Trim();
        return new CandidateRejected(candidacy.Id, candidacy.EmployerKind, candidacy.EmployerId, stored, now);
    }
}
