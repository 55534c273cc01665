using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using TalentPool.Candidates;

namespace TalentPool.Metrics;

/// <summary>
/// A candidacy's stage move or rejection with the candidacy as it stood just before it: its vacancy, its stage, whether it
/// was rejected already. Neither event names the vacancy or the stage it leaves, and a count per stage needs both.
/// </summary>
public sealed record CandidacyFactInContext(object Fact, Candidacy Before);

/// <summary>
/// Looks the candidacy a stage move or rejection follows up in its own stream (<see cref="CandidacyFactInContext"/>), as
/// <see cref="HireFactContext"/> does for hires: one query per page of events (<see cref="EnrichAsync{TDoc,TId}"/>, which the
/// daemon calls before it applies a page), one per event when a page came unenriched. Only the stream's earlier events are read: immutable facts,
/// so a rebuild and the live daemon see the same candidacy.
/// </summary>
public static class CandidacyFactContext
{
    public static bool IsCandidacyFollowUp(object data) => data is CandidateMovedToStage or CandidateRejected;

    public static async Task EnrichAsync<TDoc, TId>(SliceGroup<TDoc, TId> group, IQuerySession session, CancellationToken cancellation)
        where TId : notnull
    {
        var facts = group.Slices
            .SelectMany(slice => slice.Events().Where(e => IsCandidacyFollowUp(e.Data)).Select(e => (Slice: slice, Event: e)))
            .ToList();
        if (facts.Count == 0) return;
        var history = await StreamsAsync(session, group.TenantId, facts.Select(f => CandidacyOf(f.Event.Data)), cancellation);
        foreach (var (slice, e) in facts) slice.ReplaceEvent(e, Of(e.Data, e.Sequence, history));
    }

    /// <summary>The context of one event: as enriched by the daemon, else read on its own.</summary>
    public static async Task<CandidacyFactInContext> OfAsync(IEvent e, IQuerySession session, CancellationToken cancellation) =>
        e.Data as CandidacyFactInContext ?? Of(e.Data, e.Sequence, await StreamsAsync(session, e.TenantId, [CandidacyOf(e.Data)], cancellation));

    /// <summary>
    /// The event as <see cref="EnrichAsync{TDoc,TId}"/> hands it to a projection, from whole streams in hand (by stream, in
    /// sequence order), as <see cref="HireFactContext.InContext"/>; left as it is when its candidacy's stream is not in hand.
    /// </summary>
    internal static IEvent InContext(IEvent e, ILookup<Guid, IEvent> streams) =>
        IsCandidacyFollowUp(e.Data) && streams.Contains(CandidacyOf(e.Data)) ? e.WithData(Of(e.Data, e.Sequence, streams)) : e;

    private static Guid CandidacyOf(object fact) => fact switch
    {
        CandidateMovedToStage moved => moved.CandidacyId,
        CandidateRejected rejected => rejected.CandidacyId,
        _ => throw new ArgumentException($"Not a candidacy follow-up: {fact.GetType().Name}"),
    };

    private static async Task<ILookup<Guid, IEvent>> StreamsAsync(
        IQuerySession session, string tenant, IEnumerable<Guid> candidacies, CancellationToken cancellation)
    {
        // The events' region (tenant) reads them: conjoined tenancy filters raw events by the session's tenant.
        if (session.TenantId != tenant)
        {
            await using var ofTenant = session.DocumentStore.QuerySession(tenant);
            return await StreamsAsync(ofTenant, tenant, candidacies, cancellation);
        }
        var ids = candidacies.Distinct().ToList();
        var events = await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.StreamId)).ToListAsync(cancellation);
        return events.OrderBy(e => e.Sequence).ToLookup(e => e.StreamId);
    }

    // The candidacy folded from its events before this one, as its own aggregate folds them (a page's own events are
    // committed and in the store too).
    private static CandidacyFactInContext Of(object fact, long sequence, ILookup<Guid, IEvent> history)
    {
        var candidacyId = CandidacyOf(fact);
        Candidacy? candidacy = null;
        foreach (var data in history[candidacyId].Where(e => sequence <= 0 || e.Sequence < sequence).Select(e => e.Data))
        {
            candidacy = data switch
            {
                CandidateIntroduced introduced => Candidacy.Create(introduced),
                CandidateMovedToStage moved when candidacy is not null => candidacy.Apply(moved),
                CandidateRejected rejected when candidacy is not null => candidacy.Apply(rejected),
                _ => candidacy,
            };
        }
        return new CandidacyFactInContext(fact, candidacy
            ?? throw new InvalidOperationException($"Candidacy {candidacyId} has no introduction before event {sequence}."));
    }
}
