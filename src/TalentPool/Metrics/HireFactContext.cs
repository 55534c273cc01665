using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using TalentPool.Hires;
using TalentPool.Vacancies;

namespace TalentPool.Metrics;

/// <summary>
/// A hire event with what its streams said before it: the hire as recorded (its dates, classification, whether the talent
/// had a "+1"), the day its "+1" found work when that was recorded before this event, and — for a recorded hire that fills a
/// vacancy the hiring partner posted — the day that vacancy was posted. Counting projections need these to know which of
/// their counts a later fact changes, without keeping a list of hires.
/// </summary>
public sealed record HireFactInContext(
    object Fact, long Sequence, HireRecorded Recorded, DateOnly? AccompanyingPartnerEmployedBefore, DateOnly? OwnVacancyPostedOn);

/// <summary>
/// Looks the context of hire events up in the event store (<see cref="HireFactInContext"/>): one query per page of events
/// (<see cref="EnrichAsync{TDoc,TId}"/>, called by the daemon before it applies a page), or one per event when a page came
/// unenriched. Only earlier events of the hire's own stream and its vacancy's first event are read: immutable facts, so a
/// rebuild and the live daemon see the same context.
/// </summary>
public static class HireFactContext
{
    public static bool IsHireFact(object data) =>
        data is HireRecorded or HireCancelled or EmploymentEnded or AccompanyingPartnerEmployed;

    public static async Task EnrichAsync<TDoc, TId>(SliceGroup<TDoc, TId> group, IQuerySession session, CancellationToken cancellation)
        where TId : notnull
    {
        var facts = group.Slices
            .SelectMany(slice => slice.Events().Where(e => IsHireFact(e.Data)).Select(e => (Slice: slice, Event: e)))
            .ToList();
        if (facts.Count == 0) return;
        var history = await StreamsAsync(session, group.TenantId, facts.Select(f => f.Event.Data), cancellation);
        foreach (var (slice, e) in facts) slice.ReplaceEvent(e, Of(e.Data, e.Sequence, history));
    }

    /// <summary>
    /// The context of one event: as enriched by the daemon, else read on its own (Marten applies an inline projection without
    /// enriching).
    /// </summary>
    public static async Task<HireFactInContext> OfAsync(IEvent e, IQuerySession session, CancellationToken cancellation) =>
        e.Data as HireFactInContext ?? Of(e.Data, e.Sequence, await StreamsAsync(session, e.TenantId, [e.Data], cancellation));

    /// <summary>
    /// The event as <see cref="EnrichAsync{TDoc,TId}"/> hands it to a projection, its context read from whole streams in hand
    /// (by stream, in sequence order) rather than the store: for applying a history that is not stored, or read already
    /// (a test without a database, a benchmark). An event whose streams are not in hand is left as it is (read on its own).
    /// </summary>
    internal static IEvent InContext(IEvent e, ILookup<Guid, IEvent> streams) =>
        IsHireFact(e.Data) && Covers(streams, e.Data) ? e.WithData(Of(e.Data, e.Sequence, streams)) : e;

    private static bool Covers(ILookup<Guid, IEvent> streams, object fact)
    {
        var recorded = fact as HireRecorded;
        if (recorded is null)
        {
            var hireId = fact switch
            {
                HireCancelled cancelled => cancelled.HireId,
                EmploymentEnded ended => ended.HireId,
                AccompanyingPartnerEmployed employed => employed.HireId,
                _ => Guid.Empty,
            };
            recorded = streams[hireId].Select(e => e.Data).OfType<HireRecorded>().FirstOrDefault();
            if (recorded is null) return false;
        }
        return recorded.VacancyId is not { } vacancyId || streams.Contains(vacancyId);
    }

    /// <summary>
    /// The events of the hires these facts follow up, then the first event of every vacancy their hires fill (two queries):
    /// a cancellation takes a hire out of its days-to-hire count, which needs the vacancy's posting day.
    /// </summary>
    private static async Task<ILookup<Guid, IEvent>> StreamsAsync(
        IQuerySession session, string tenant, IEnumerable<object> facts, CancellationToken cancellation)
    {
        // The events' region (tenant) reads them: conjoined tenancy filters raw events by the session's tenant, and the session
        // handed to a projection need not be the region's.
        if (session.TenantId != tenant)
        {
            await using var ofTenant = session.DocumentStore.QuerySession(tenant);
            return await StreamsAsync(ofTenant, tenant, facts, cancellation);
        }
        var list = facts.ToList();
        var hires = list.Select(fact => fact switch
            {
                HireCancelled cancelled => cancelled.HireId,
                EmploymentEnded ended => ended.HireId,
                AccompanyingPartnerEmployed employed => employed.HireId,
                _ => (Guid?)null,
            })
            .OfType<Guid>().Distinct().ToList();
        var events = hires.Count == 0 ? [] : await session.Events.QueryAllRawEvents().Where(e => hires.Contains(e.StreamId)).ToListAsync(cancellation);
        var vacancies = list.OfType<HireRecorded>().Concat(events.Select(e => e.Data).OfType<HireRecorded>())
            .Select(recorded => recorded.VacancyId).OfType<Guid>().Distinct().ToList();
        if (vacancies.Count > 0)
        {
            events = [.. events, .. await session.Events.QueryAllRawEvents()
                .Where(e => vacancies.Contains(e.StreamId) && e.Version == 1).ToListAsync(cancellation)];
        }
        return events.OrderBy(e => e.Sequence).ToLookup(e => e.StreamId);
    }

    private static HireFactInContext Of(object fact, long sequence, ILookup<Guid, IEvent> history)
    {
        if (fact is HireRecorded recorded) return new HireFactInContext(fact, sequence, recorded, null, OwnVacancyPostedOn(recorded, history));

        var hireId = fact switch
        {
            HireCancelled cancelled => cancelled.HireId,
            EmploymentEnded ended => ended.HireId,
            AccompanyingPartnerEmployed employed => employed.HireId,
            _ => throw new ArgumentException($"Not a hire fact: {fact.GetType().Name}"),
        };
        // Events of the stream before this one (a page's own events are committed and in the store too).
        var before = history[hireId].Where(e => sequence <= 0 || e.Sequence < sequence).Select(e => e.Data).ToList();
        var first = before.OfType<HireRecorded>().FirstOrDefault()
            ?? throw new InvalidOperationException($"Hire {hireId} has no recorded hire before event {sequence}.");
        var employedOn = before.OfType<AccompanyingPartnerEmployed>().FirstOrDefault()?.EmployedOn;
        return new HireFactInContext(fact, sequence, first, employedOn, OwnVacancyPostedOn(first, history));
    }

    // Time to hire is the partner's own: a vacancy another employer posted gives none (as the dashboard always read it).
    private static DateOnly? OwnVacancyPostedOn(HireRecorded recorded, ILookup<Guid, IEvent> history)
    {
        var posted = recorded.VacancyId is { } vacancyId ? history[vacancyId].Select(e => e.Data).OfType<VacancyPosted>().FirstOrDefault() : null;
        return posted is { EmployerKind: EmployerKind.Partner } && posted.EmployerId == recorded.PartnerId
            ? DateOnly.FromDateTime(posted.PostedAt.UtcDateTime)
            : null;
    }
}
