using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Sync;

/// <summary>
/// Writes the change feed (<see cref="SyncChange"/>) from the events, run by the async daemon. Why async: the daemon
/// applies events in sequence order and only below the high-water mark (Marten's sequence numbers can commit out of
/// order; the mark waits for gaps to fill or time out), and commits each page with its progress, page after page. So a
/// row committed later never has a lower position than one a reader has seen: a cursor (the last position read) never
/// skips a change. Inline, a write committing late with a lower sequence would land behind a reader's cursor.
/// The daemon hands each region's events in a session of that region, so rows live in their region's tenant.
/// </summary>
public sealed class ChangeFeedProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "ChangeFeed";

    public ChangeFeedProjection()
    {
        Name = ProjectionName;
        IncludeType<VacancyPosted>();
        IncludeType<VacancyUpdated>();
        IncludeType<VacancyClosed>();
        IncludeType<CandidateIntroduced>();
        IncludeType<CandidateMovedToStage>();
        IncludeType<CandidateRejected>();
        IncludeType<CandidacyTextErased>();
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
        IncludeType<AccompanyingPartnerEmployed>();
        IncludeType<HireTextErased>();
        IncludeType<TalentRegistered>();
        IncludeType<TalentProfileUpdated>();
        IncludeType<TalentConsentGiven>();
        IncludeType<TalentConsentWithdrawn>();
        IncludeType<TalentErased>();
    }

    /// <summary>The document it writes: what a rebuild clears first, and what tools list as this projection's.</summary>
    public override IEnumerable<Type> PublishedTypes() => [typeof(SyncChange)];

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var written = await RowsWrittenAsync(operations, events, cancellation);
        if (written.Count > 0) operations.Store(written.ToArray());
    }

    /// <summary>
    /// The rows a page of events writes (one per item and audience, the last change of the page), reading the shared base's
    /// rows it depends on from <paramref name="session"/>. Apart from <see cref="ApplyAsync"/> for the bulk seeder, which
    /// writes a million events' rows with a <c>COPY</c>: queued in one Marten session they cost the square of their number
    /// (each queued document operation looks for an earlier one on the same document).
    /// </summary>
    public static async Task<IReadOnlyCollection<SyncChange>> RowsWrittenAsync(IQuerySession session, IReadOnlyList<IEvent> events,
        CancellationToken cancellation)
    {
        // The shared base's rows depend on which audiences already have one (a profile change reaches only the kinds of
        // member the talent shares with or did): read those once for the page, then follow the page's events in order.
        var talentIds = events.Select(e => e.Data).OfType<object>().Select(TalentOf).OfType<Guid>().Distinct().ToArray();
        var rows = new Dictionary<string, SyncChange>();
        if (talentIds.Length > 0)
        {
            var existing = await session.Query<SyncChange>()
                .Where(x => x.List == SyncList.SharedTalents && talentIds.Contains(x.ItemId)).ToListAsync(cancellation);
            foreach (var row in existing) rows[row.Id] = row;
        }

        var written = new Dictionary<string, SyncChange>();
        foreach (var e in events)
        {
            foreach (var change in SyncChanges.Of(e.Data, e.Sequence, rows))
            {
                rows[change.Id] = change;
                written[change.Id] = change;
            }
        }
        return written.Values;
    }

    private static Guid? TalentOf(object data) => data switch
    {
        TalentRegistered e => e.TalentId,
        TalentProfileUpdated e => e.TalentId,
        TalentConsentGiven e => e.TalentId,
        TalentConsentWithdrawn e => e.TalentId,
        TalentErased e => e.TalentId,
        _ => null,
    };
}
