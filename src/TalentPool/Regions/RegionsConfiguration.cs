using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Regions;

public static class RegionsConfiguration
{
    public static void AddRegions(this StoreOptions options)
    {
        options.Events.MapEventType<CountyRegistered>("county_registered.v1");
        options.Events.MapEventType<RegionRegistered>("region_registered.v1");
        options.Events.MapEventType<PriceListPublished>("price_list_published.v1");
        options.Events.MapEventType<PriceListCorrected>("price_list_corrected.v1");
        options.Events.MapEventType<ConsentValidityChanged>("consent_validity_changed.v1");

        options.Projections.Snapshot<County>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Region>(SnapshotLifecycle.Inline);
        options.Schema.For<Region>().Index(x => x.CountyId);
    }
}
