using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace TalentPool.Billing;

public static class BillingConfiguration
{
    public static void AddBilling(this StoreOptions options)
    {
        options.Events.MapEventType<BillingPeriodClosed>("billing_period_closed.v1");
        options.Events.MapEventType<BillingPeriodReopened>("billing_period_reopened.v1");

        options.Projections.Snapshot<RegionBilling>(SnapshotLifecycle.Inline);
        options.Projections.Add<ClosedBillingPeriodProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ClosedBillingPeriod>().Index(x => x.RegionId);

        // Statements read their month's hires and the facts recorded since the last close: each an index range. The cancellation's
        // two indexes hold only cancelled hires (a condition on the month or the credit is never true of null): a new hire, never
        // cancelled yet, writes two index entries fewer (README "The write path", session 9).
        options.Projections.Add<BillableHireProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<BillableHire>()
            .Index([x => x.RegionId, x => x.HireMonth])
            .Index([x => x.RegionId, x => x.CancelledMonth!], index => index.Predicate = "(data ->> 'cancelledMonth') is not null")
            .Index([x => x.RegionId, x => x.FeeSeen])
            .Index([x => x.RegionId, x => x.CreditSeen!], index => index.Predicate = "(data ->> 'creditSeen') is not null");
        options.Projections.Add<RegionSettlementProjection>(ProjectionLifecycle.Inline);
    }
}

/// <summary>One document per closed month, so reading a region's statements never loads every month at once.</summary>
public sealed class ClosedBillingPeriodProjection : MultiStreamProjection<ClosedBillingPeriod, string>
{
    public ClosedBillingPeriodProjection()
    {
        Identity<BillingPeriodClosed>(closed => ClosedBillingPeriod.IdFor(closed.RegionId, closed.Month));
        Identity<BillingPeriodReopened>(reopened => ClosedBillingPeriod.IdFor(reopened.RegionId, reopened.Month));
    }

    /// <summary>A reopened month is no longer closed: its frozen statements go.</summary>
    public bool ShouldDelete(BillingPeriodReopened reopened) => true;

    public ClosedBillingPeriod Create(BillingPeriodClosed closed) =>
        new(ClosedBillingPeriod.IdFor(closed.RegionId, closed.Month), closed.RegionId, closed.Month, closed.ClosedAt, closed.Statements);
}
