using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Sync;

/// <summary>Which rows of the change feed an event writes: pure, from the event and the rows the feed already has.</summary>
public static class SyncChanges
{
    public static IEnumerable<SyncChange> Of(object data, long position, IReadOnlyDictionary<string, SyncChange> rows) => data switch
    {
        VacancyPosted e => [Upsert(SyncList.Vacancies, e.EmployerId, e.VacancyId, position)],
        VacancyUpdated e => [Upsert(SyncList.Vacancies, e.EmployerId, e.VacancyId, position)],
        VacancyClosed e => [Upsert(SyncList.Vacancies, e.EmployerId, e.VacancyId, position)],
        CandidateIntroduced e => [Upsert(SyncList.Candidates, e.EmployerId, e.CandidacyId, position)],
        CandidateMovedToStage e => [Upsert(SyncList.Candidates, e.EmployerId, e.CandidacyId, position)],
        CandidateRejected e => [Upsert(SyncList.Candidates, e.EmployerId, e.CandidacyId, position)],
        CandidacyTextErased e => [Upsert(SyncList.Candidates, e.EmployerId, e.CandidacyId, position)],
        HireRecorded e => [Upsert(SyncList.Hires, e.PartnerId, e.HireId, position)],
        HireCancelled e => [Upsert(SyncList.Hires, e.PartnerId, e.HireId, position)],
        EmploymentEnded e => [Upsert(SyncList.Hires, e.PartnerId, e.HireId, position)],
        AccompanyingPartnerEmployed e => [Upsert(SyncList.Hires, e.PartnerId, e.HireId, position)],
        HireTextErased e => [Upsert(SyncList.Hires, e.PartnerId, e.HireId, position)],
        TalentRegistered e => e.ConsentsGiven.Distinct().Select(scope => Talent(scope, e.TalentId, ChangeKind.Upsert, position)),
        TalentConsentGiven e => [Talent(e.Scope, e.TalentId, ChangeKind.Upsert, position)],
        // A withdrawal reaches the members the talent was shared with; one never shared with has nothing to forget.
        TalentConsentWithdrawn e => Existing(rows, e.TalentId).Where(r => r.Audience == e.Scope.ToString())
            .Select(r => Talent(e.Scope, e.TalentId, ChangeKind.Tombstone, position)),
        // A profile change reaches the members who may see the talent now; erasure every member it was ever shared with.
        TalentProfileUpdated e => Existing(rows, e.TalentId).Where(r => r.Kind == ChangeKind.Upsert)
            .Select(r => SyncChange.Of(SyncList.SharedTalents, r.Audience, e.TalentId, ChangeKind.Upsert, position)),
        TalentErased e => Existing(rows, e.TalentId)
            .Select(r => SyncChange.Of(SyncList.SharedTalents, r.Audience, e.TalentId, ChangeKind.Tombstone, position)),
        _ => [],
    };

    private static SyncChange Upsert(SyncList list, Guid memberId, Guid itemId, long position) =>
        SyncChange.Of(list, memberId.ToString(), itemId, ChangeKind.Upsert, position);

    private static SyncChange Talent(ConsentScope scope, Guid talentId, ChangeKind kind, long position) =>
        SyncChange.Of(SyncList.SharedTalents, scope.ToString(), talentId, kind, position);

    private static IEnumerable<SyncChange> Existing(IReadOnlyDictionary<string, SyncChange> rows, Guid talentId) =>
        Enum.GetValues<ConsentScope>()
            .Select(scope => rows.GetValueOrDefault(SyncChange.IdOf(SyncList.SharedTalents, scope.ToString(), talentId)))
            .OfType<SyncChange>()
            .ToList();
}
