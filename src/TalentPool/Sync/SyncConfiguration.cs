using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Sync;

public static class SyncConfiguration
{
    /// <summary>
    /// The change feed: written by the daemon (<see cref="ChangeFeedProjection"/>), read by list, audience and position
    /// (an index in that order: a page is one index range).
    /// </summary>
    public static void AddSync(this StoreOptions options)
    {
        options.Events.MapEventType<StatementMonthBegan>("statement_month_began.v1");
        options.Events.MapEventType<CountyRateChangedElsewhere>("county_rate_changed_elsewhere.v1");
        options.Schema.For<StatementFeedState>().DocumentAlias("statement_feed_state").Duplicate(x => x.Country);
        options.Projections.Add(new ChangeFeedProjection(), ProjectionLifecycle.Async, ChangeFeedProjection.ProjectionName);
        options.Schema.For<SyncChange>()
            .DocumentAlias("sync_change")
            .Index([x => x.List, x => x.Audience, x => x.Position])
            .Index([x => x.List, x => x.Position])
            .Index(x => x.ItemId);
    }
}
