using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Metrics;

public static class MetricsConfiguration
{
    public static void AddMetrics(this StoreOptions options)
    {
        options.Projections.Add(new RegionHiresPerMonthProjection(), ProjectionLifecycle.Async);
        options.Schema.For<RegionHiresPerMonth>().Duplicate(x => x.RegionId).Duplicate(x => x.Month);
        options.Projections.Add(new PartnerDashboardCountsProjection(), ProjectionLifecycle.Async);
        options.Schema.For<PartnerDashboardCounts>().DocumentAlias(PartnerDashboardCountsProjection.DocumentAlias);
        options.Projections.Add(new RegionMembersProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new TargetMarketMonthProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new RegionRetentionCountsProjection(), ProjectionLifecycle.Async);
        options.Schema.For<RegionRetentionCounts>().Duplicate(x => x.RegionId);
        options.Projections.Add(new RegionPlacedTalentsProjection(), ProjectionLifecycle.Async);
        options.Storage.Add(new RegionPlacedTalentsMonths(options));
        options.Projections.Add(new MunicipalityHireCountsProjection(), ProjectionLifecycle.Async);
    }
}
