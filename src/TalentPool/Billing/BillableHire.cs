using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using TalentPool.Common;
using TalentPool.Hires;

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
/// before them are the ones committed, counted in <see cref="RegionSettlement"/>. In a rebuild every event has its
/// sequence, and the billing events before it are counted in the event store, so a rebuild yields what was built live.
/// </remarks>
public sealed class BillableHireProjection : SingleStreamProjection<BillableHire, Guid>
{
    public const string ProjectionName = "BillableHire";

    /// <summary>On a hire's first event: the number of the region's billing events its handler read (RecordHire).</summary>
    public const string BillingChangesSeenHeader = "billing-changes-seen";

    public BillableHireProjection() => Name = ProjectionName;

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
        HireRecorded recorded => BillableHire.Recorded(recorded, await BillingEventsBeforeAsync(session, recorded.RegionId, e, cancellation)),
        HireCancelled cancelled when snapshot is not null =>
            snapshot.Cancelled(cancelled, await BillingEventsBeforeAsync(session, snapshot.RegionId, e, cancellation)),
        _ => snapshot,
    };

    private static async Task<int> BillingEventsBeforeAsync(IQuerySession session, Guid regionId, IEvent current, CancellationToken cancellation)
    {
        var billingStream = RegionBilling.StreamIdFor(regionId);
        if (current.Sequence == 0)
        {
            if (current.GetHeader(BillingChangesSeenHeader) is int seen) return seen;
            return (await session.LoadAsync<RegionSettlement>(billingStream, cancellation))?.Changes ?? 0;
        }
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == billingStream && e.Sequence < current.Sequence)
            .CountAsync(cancellation);
    }
}
