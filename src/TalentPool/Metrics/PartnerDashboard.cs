using JasperFx.Events;
using Marten.Events.Projections;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Vacancies;

namespace TalentPool.Metrics;

/// <summary>
/// One of a partner's own hires as dated facts, with no talent named: what "this month", "this year" and retention are
/// computed from at read time (time passes with no event). <c>DaysToHire</c> is set when the hire names a vacancy the
/// partner posted. <c>LeftRegionOn</c> is the end of an employment after which the talent left the region.
/// </summary>
public sealed record PartnerHireFact(
    Guid HireId,
    DateOnly HiredOn,
    DateOnly StartsOn,
    HireClassification Classification,
    Money Fee,
    int? DaysToHire,
    DateOnly? CancelledOn,
    Money? CreditedFee,
    DateOnly? LeftRegionOn);

/// <summary>A candidacy in the pipeline of one of the partner's open vacancies (no talent named).</summary>
public sealed record PipelineCandidacy(Guid VacancyId, CandidateStage Stage);

/// <summary>
/// A partner's dashboard facts: the posting dates of its vacancies (for time to hire), which are open, the candidacies of
/// the open ones that were not rejected, its own hires, and the hire dates of its employees whom another member hired
/// (internal hires it lost; the other member is not named). No personal data: erasing a talent changes nothing here.
/// </summary>
public sealed record PartnerDashboard(
    Guid Id,
    IReadOnlyDictionary<Guid, DateOnly> VacanciesPostedOn,
    IReadOnlyList<Guid> OpenVacancies,
    IReadOnlyDictionary<Guid, PipelineCandidacy> Pipeline,
    IReadOnlyList<PartnerHireFact> Hires,
    IReadOnlyList<DateOnly> EmployeesHiredAwayOn)
{
    public static PartnerDashboard Empty(Guid partnerId) =>
        new(partnerId, new Dictionary<Guid, DateOnly>(), [], new Dictionary<Guid, PipelineCandidacy>(), [], []);

    public PartnerDashboard With(VacancyPosted posted) => this with
    {
        VacanciesPostedOn = new Dictionary<Guid, DateOnly>(VacanciesPostedOn)
        {
            [posted.VacancyId] = DateOnly.FromDateTime(posted.PostedAt.UtcDateTime),
        },
        OpenVacancies = [.. OpenVacancies, posted.VacancyId],
    };

    // A closed vacancy's pipeline is over: its candidacies leave the document, which so holds open pipelines only.
    public PartnerDashboard With(VacancyClosed closed) => this with
    {
        OpenVacancies = [.. OpenVacancies.Where(id => id != closed.VacancyId)],
        Pipeline = Pipeline.Where(c => c.Value.VacancyId != closed.VacancyId).ToDictionary(),
    };

    public PartnerDashboard With(CandidateIntroduced introduced) => !OpenVacancies.Contains(introduced.VacancyId) ? this : this with
    {
        Pipeline = new Dictionary<Guid, PipelineCandidacy>(Pipeline)
        {
            [introduced.CandidacyId] = new(introduced.VacancyId, CandidateStage.Introduced),
        },
    };

    public PartnerDashboard With(CandidateMovedToStage moved) =>
        !Pipeline.TryGetValue(moved.CandidacyId, out var candidacy) ? this : this with
    {
        Pipeline = new Dictionary<Guid, PipelineCandidacy>(Pipeline) { [moved.CandidacyId] = candidacy with { Stage = moved.Stage } },
    };

    public PartnerDashboard With(CandidateRejected rejected) => this with
    {
        Pipeline = Pipeline.Where(c => c.Key != rejected.CandidacyId).ToDictionary(),
    };

    public PartnerDashboard With(HireRecorded recorded)
    {
        if (recorded.PartnerId != Id) return this with { EmployeesHiredAwayOn = [.. EmployeesHiredAwayOn, recorded.HiredOn] };

        int? daysToHire = recorded.VacancyId is { } vacancyId && VacanciesPostedOn.TryGetValue(vacancyId, out var postedOn)
            ? recorded.HiredOn.DayNumber - postedOn.DayNumber
            : null;
        var fact = new PartnerHireFact(recorded.HireId, recorded.HiredOn, recorded.StartsOn, recorded.Classification, recorded.Fee,
            daysToHire, null, null, null);
        return this with { Hires = [.. Hires, fact] };
    }

    public PartnerDashboard With(HireCancelled cancelled) =>
        Changing(cancelled.HireId, hire => hire with { CancelledOn = cancelled.CancelledOn, CreditedFee = cancelled.CreditedFee });

    public PartnerDashboard With(EmploymentEnded ended) =>
        ended.LeftRegion ? Changing(ended.HireId, hire => hire with { LeftRegionOn = ended.EndedOn }) : this;

    private PartnerDashboard Changing(Guid hireId, Func<PartnerHireFact, PartnerHireFact> change) =>
        this with { Hires = [.. Hires.Select(hire => hire.HireId == hireId ? change(hire) : hire)] };
}

/// <summary>
/// Async, run by the daemon: it gathers events of many streams (the partner's vacancies, its hires, and other members'
/// hires of its employees) into one document per partner, so inline it would make every hire of the partner, and every
/// hire away from it, contend for that row inside its commit. A dashboard may lag its writes by a moment: its answer
/// says how far it reflects, and a reader may wait for its own writes (ReadModelFreshness).
/// </summary>
public sealed class PartnerDashboardProjection : MultiStreamProjection<PartnerDashboard, Guid>
{
    public const string ProjectionName = "PartnerDashboard";

    public PartnerDashboardProjection()
    {
        Name = ProjectionName;
        // A municipality's vacancy is no partner's: its employer id is grouped, and Evolve creates nothing for it (a
        // municipality's vacancy and candidacy events then find no document and change nothing).
        Identity<VacancyPosted>(e => e.EmployerId);
        Identity<VacancyClosed>(e => e.EmployerId);
        Identity<CandidateIntroduced>(e => e.EmployerId);
        Identity<CandidateMovedToStage>(e => e.EmployerId);
        Identity<CandidateRejected>(e => e.EmployerId);
        Identities<HireRecorded>(e => e.PreviousEmployerId is { } previous ? [e.PartnerId, previous] : [e.PartnerId]);
        Identity<HireCancelled>(e => e.PartnerId);
        Identity<EmploymentEnded>(e => e.PartnerId);
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store (a rebuild read all 148,823 events of 100k talents for a few hundred).
        IncludeType<VacancyPosted>();
        IncludeType<VacancyClosed>();
        IncludeType<CandidateIntroduced>();
        IncludeType<CandidateMovedToStage>();
        IncludeType<CandidateRejected>();
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
    }

    public override PartnerDashboard? Evolve(PartnerDashboard? snapshot, Guid id, IEvent e) => e.Data switch
    {
        VacancyPosted { EmployerKind: EmployerKind.Partner } posted => (snapshot ?? PartnerDashboard.Empty(id)).With(posted),
        HireRecorded recorded => (snapshot ?? PartnerDashboard.Empty(id)).With(recorded),
        VacancyClosed closed => snapshot?.With(closed),
        CandidateIntroduced introduced => snapshot?.With(introduced),
        CandidateMovedToStage moved => snapshot?.With(moved),
        CandidateRejected rejected => snapshot?.With(rejected),
        HireCancelled cancelled => snapshot?.With(cancelled),
        EmploymentEnded ended => snapshot?.With(ended),
        _ => snapshot,
    };
}
