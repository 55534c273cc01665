using JasperFx.Events;
using Marten;
using JasperFx.Events.Grouping;
using Marten.Events.Aggregation;
using TalentPool.Common;
using TalentPool.Hires;

using TalentPool.Hosting.Rebuilding;

namespace TalentPool.Billing;

/// <summary>
/// What billing reads of one hire: its fee, billed in the hire date's month, and its credit, in the cancellation's
/// month. No talent, vacancy or free text: nothing of a person. <c>FeeSeen</c> and <c>CreditSeen</c> count the
/// region's billing events (closes and reopens) recorded before the fee or the credit was: a fact of a closed month
/// recorded after the last close is one that month's frozen statements cannot hold (see <see cref="BillingFactsLoader"/>).
/// Months are numbers (year × 100 + month) so that a month range is an index range.
/// </summary>
public sealed record BillableHire(
    Guid Id,
    Guid RegionId,
    Guid PartnerId,
    DateOnly HiredOn,
    Money Fee,
    DateOnly? CancelledOn,
    int HireMonth,
    int? CancelledMonth,
    int FeeSeen,
    int? CreditSeen)
{
    public static int MonthNumber(BillingMonth month) => month.Year * 100 + month.Month;

    public static int MonthNumber(DateOnly day) => MonthNumber(BillingMonth.Of(day));

    public static BillableHire Recorded(HireRecorded recorded, int billingEventsBefore) => new(
        recorded.HireId, recorded.RegionId, recorded.PartnerId, recorded.HiredOn, recorded.Fee, null,
        MonthNumber(recorded.HiredOn), null, billingEventsBefore, null);

    public BillableHire Cancelled(HireCancelled cancelled, int billingEventsBefore) =>
        this with { CancelledOn = cancelled.CancelledOn, CancelledMonth = MonthNumber(cancelled.CancelledOn), CreditSeen = billingEventsBefore };
}

/// <summary>
/// Inline, in the transaction that records or cancels the hire: statements are money, a statement read right after a
/// hire must bill it, and closing a month must read exactly the facts committed before it, never a daemon's lag. One
/// document per hire stream, so concurrent hires of a region never write the same row (a per-month document would
/// lose an update under two concurrent inline commits). Reads find a month's hires through the indexes on
/// (region, month), so a statement loads its own month's hires whatever the region's history.
/// </summary>
/// <remarks>
/// Live, the hire's events are not committed yet (quick appends give them no sequence): the region's billing events
/// before them are the ones committed, counted in <see cref="RegionSettlement"/>. In a rebuild (or any daemon run) every
/// event has its sequence, and the billing events before it are counted in the event store: once per page of events for
/// every hire fact on it (<see cref="EnrichEventsAsync"/>), not once per fact. A rebuild yields what was built live. So the
/// daemon rebuilds it, in sequence order (<see cref="IReadsBeyondItsStream"/>), never the one pass over whole streams.
/// </remarks>
public sealed class BillableHireProjection : SingleStreamProjection<BillableHire, Guid>, IReadsBeyondItsStream
{
    public const string ProjectionName = "BillableHire";

    /// <summary>On a hire's first event: the number of the region's billing events its handler read (RecordHire).</summary>
    public const string BillingChangesSeenHeader = "billing-changes-seen";

    public BillableHireProjection()
    {
        Name = ProjectionName;
        // EvolveAsync names no event types: without these Marten feeds it every event of the store.
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
    }

    /// <summary>
    /// The hire's first event, carrying what its handler read of the region's billing events: live, the projection takes
    /// the count from it instead of querying the settlement during the write (the same count, read in the hire's load batch).
    /// </summary>
    public static IEvent Seen(HireRecorded recorded, int billingChangesSeen)
    {
        var e = new Event<HireRecorded>(recorded);
        e.SetHeader(BillingChangesSeenHeader, billingChangesSeen);
        return e;
    }

    public override async ValueTask<BillableHire?> EvolveAsync(
        BillableHire? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation) => e.Data switch
    {
        CountedHireFact { Fact: HireRecorded recorded } counted => BillableHire.Recorded(recorded, counted.BillingEventsBefore),
        CountedHireFact { Fact: HireCancelled cancelled } counted when snapshot is not null =>
            snapshot.Cancelled(cancelled, counted.BillingEventsBefore),
        HireRecorded recorded => BillableHire.Recorded(recorded, await CommittedBillingEventsAsync(session, recorded.RegionId, e, cancellation)),
        HireCancelled cancelled when snapshot is not null =>
            snapshot.Cancelled(cancelled, await CommittedBillingEventsAsync(session, snapshot.RegionId, e, cancellation)),
        _ => snapshot,
    };

    /// <summary>
    /// The daemon's page of hire facts, each with the number of its region's billing events stored before it: one query
    /// per region on the page (its billing events, a few per closed month), counted here per fact.
    /// </summary>
    public override async Task EnrichEventsAsync(SliceGroup<BillableHire, Guid> group, IQuerySession session, CancellationToken cancellation)
    {
        var facts = group.Slices
            .SelectMany(slice => slice.Events().Where(e => e.Sequence > 0 && RegionOf(e.Data) is not null).Select(e => (Slice: slice, Event: e)))
            .ToList();
        if (facts.Count == 0) return;

        var last = facts.Max(f => f.Event.Sequence);
        var billingEvents = new Dictionary<Guid, IReadOnlyList<long>>();
        foreach (var region in facts.Select(f => RegionOf(f.Event.Data)!.Value).Distinct())
        {
            billingEvents[region] = await session.AdvancedSql.QueryAsync<long>(
                $"select seq_id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where stream_id = ? and seq_id < ?",
                cancellation, RegionBilling.StreamIdFor(region), last);
        }
        foreach (var (slice, e) in facts)
        {
            var before = billingEvents[RegionOf(e.Data)!.Value].Count(sequence => sequence < e.Sequence);
            slice.ReplaceEvent(e, new CountedHireFact(e.Data, before));
        }
    }

    private static Guid? RegionOf(object fact) => fact switch
    {
        HireRecorded recorded => recorded.RegionId,
        HireCancelled cancelled => cancelled.RegionId,
        _ => null,
    };

    /// <summary>
    /// Live (inline): the billing events committed so far — the count the hire's handler read in its load batch when the
    /// event carries it (no query during the write), else as the region's settlement counts them.
    /// </summary>
    private static async Task<int> CommittedBillingEventsAsync(IQuerySession session, Guid regionId, IEvent current, CancellationToken cancellation) =>
        current.GetHeader(BillingChangesSeenHeader) is int seen
            ? seen
            : (await session.LoadAsync<RegionSettlement>(RegionBilling.StreamIdFor(regionId), cancellation))?.Changes ?? 0;
}

/// <summary>A hire fact as the daemon hands it to <see cref="BillableHireProjection"/>: with its region's billing events before it.</summary>
public sealed record CountedHireFact(object Fact, int BillingEventsBefore);
