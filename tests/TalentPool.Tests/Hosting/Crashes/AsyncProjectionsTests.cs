using TalentPool.Metrics;

namespace TalentPool.Tests.Hosting.Crashes;

public sealed class AsyncProjectionsTests
{
    [Fact]
    public void The_crash_tests_watch_every_async_projection_the_store_configures_and_no_inline_one()
    {
        // Contained, not equal: a projection added later is watched without this list changing.
        string[] metricsProjections =
        [
            MunicipalityHireCountsProjection.ProjectionName, PartnerDashboardCountsProjection.ProjectionName,
            RegionHiresPerMonthProjection.ProjectionName, RegionMembersProjection.ProjectionName,
            RegionPlacedTalentsProjection.ProjectionName, RegionRetentionCountsProjection.ProjectionName,
            TargetMarketMonthProjection.ProjectionName,
        ];
        foreach (var name in metricsProjections) AsyncProjections.Names.ShouldContain(name);
        AsyncProjections.Names.ShouldNotContain("BillableHire");
    }
}
