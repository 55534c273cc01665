using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Sync;

/// <summary>Which rows of the change feed an event writes: pure, from the event and the rows the feed already has.</summary>
public static class SyncChanges
{
    /// <param name="home">
    /// The event's tenant (the talent's home region): with it, a talent who consents to be seen in other regions also gets a row
    /// per kind of member for them (<see cref="OtherRegions"/>), kept in the home tenant.
    /// </param>
    public static IEnumerable<SyncChange> Of(object data, long position, IReadOnlyDictionary<string, SyncChange> rows, string? home = null)
    {
        var own = OwnRegion(data, position, rows).ToList();
        return home is null ? own : [.. own, .. OtherRegions(data, position, rows, own, home)];
    }

    /// <summary>The audience of a talent's row for other regions' members of one kind (<see cref="SyncChange.VisibleIn"/> says which regions).</summary>
    public static string OtherRegionsAudience(ConsentScope scope) => $"{scope}@OtherRegions";

    /// <summary>Every region, in <see cref="SyncChange.VisibleIn"/>.</summary>
    public const string EveryRegion = "*";

    /// <summary>
    /// The rows telling other regions' members of a talent who consents (or consented) to be seen there: one per kind of member
    /// the talent shares (or shared) with, in the talent's home tenant — ids and region ids only, nothing of the talent is
    /// written into another region's tenant. Written at the consent to other regions and its withdrawal, and, once there is
    /// one, at every change of the talent's sharing or profile (the reader reads the talent live and answers a tombstone for
    /// what it may no longer see); erasure turns them into tombstones.
    /// </summary>
    private static IEnumerable<SyncChange> OtherRegions(
        object data, long position, IReadOnlyDictionary<string, SyncChange> rows, IReadOnlyList<SyncChange> own, string home)
    {
        if (TalentOf(data) is not { } talentId) return [];
        var existing = Enum.GetValues<ConsentScope>()
            .Select(scope => rows.GetValueOrDefault(SyncChange.IdOf(SyncList.SharedTalents, OtherRegionsAudience(scope), talentId)))
            .OfType<SyncChange>().ToList();
        var visibleIn = existing.SelectMany(r => r.VisibleIn ?? []).ToHashSet();
        switch (data)
        {
            case TalentOtherRegionsConsentGiven given:
                visibleIn.UnionWith(given.EveryRegion ? [EveryRegion] : given.Regions.Select(r => r.ToString("D")));
                break;
            case TalentErased:
                return existing.Select(r => OtherRegionsRow(r.Audience, talentId, ChangeKind.Tombstone, position, r.VisibleIn ?? [], home));
            default:
                if (existing.Count == 0) return [];
                break;
        }
        // The kinds of member the talent shares or shared with (its own region's rows say which).
        var scopes = Enum.GetValues<ConsentScope>().Where(scope =>
            rows.ContainsKey(SyncChange.IdOf(SyncList.SharedTalents, scope.ToString(), talentId)) || own.Any(r => r.Audience == scope.ToString()));
        var regions = visibleIn.Order().ToList();
        return scopes.Select(scope => OtherRegionsRow(OtherRegionsAudience(scope), talentId, ChangeKind.Upsert, position, regions, home)).ToList();
    }

    private static SyncChange OtherRegionsRow(string audience, Guid talentId, ChangeKind kind, long position, List<string> visibleIn, string home)
    {
        var row = SyncChange.Of(SyncList.SharedTalents, audience, talentId, kind, position);
        row.VisibleIn = visibleIn;
        row.Home = home;
        return row;
    }

    /// <summary>The talent an event of the shared base is about.</summary>
    public static Guid? TalentOf(object data) => data switch
    {
        TalentRegistered e => e.TalentId,
        TalentProfileUpdated e => e.TalentId,
        TalentConsentGiven e => e.TalentId,
        TalentConsentWithdrawn e => e.TalentId,
        TalentErased e => e.TalentId,
        TalentOtherRegionsConsentGiven e => e.TalentId,
        TalentOtherRegionsConsentWithdrawn e => e.TalentId,
        _ => null,
    };

    private static IEnumerable<SyncChange> OwnRegion(object data, long position, IReadOnlyDictionary<string, SyncChange> rows) => data switch
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
