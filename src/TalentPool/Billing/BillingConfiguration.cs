using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace TalentPool.Billing;

public static class BillingConfiguration
{
    public static void AddBilling(this StoreOptions options)
    {
        options.Events.MapEventType<BillingPeriodClosed>("billing_period_closed.v1");

        options.Projections.Snapshot<RegionBilling>(SnapshotLifecycle.Inline);
        options.Projections.Add<ClosedBillingPeriodProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ClosedBillingPeriod>().Index(x => x.RegionId);
    }
}

/// <summary>One document per closed month, so reading a region's statements never loads every month at once.</summary>
public sealed class ClosedBillingPeriodProjection : MultiStreamProjection<ClosedBillingPeriod, string>
{
    public ClosedBillingPeriodProjection()
    {
        Identity<BillingPeriodClosed>(closed => ClosedBillingPeriod.IdFor(closed.RegionId, closed.Month));
    }

    public ClosedBillingPeriod Create(BillingPeriodClosed closed) =>
        new(ClosedBillingPeriod.IdFor(closed.RegionId, closed.Month), closed.RegionId, closed.Month, closed.ClosedAt, closed.Statements);
}
