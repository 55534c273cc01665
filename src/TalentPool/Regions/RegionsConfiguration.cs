using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Regions;

public static class RegionsConfiguration
{
    public const string RegionRegisteredEventType = "region_registered.v1";

    /// <summary>
    /// The events of the installation's streams (counties, municipality-number claims), which live in the installation's
    /// tenant rather than a region's (Hosting/RegionTenancy.cs; Regions/Tenancy/PreTenancyMigration.cs leaves them there).
    /// </summary>
    public static readonly IReadOnlyList<string> InstallationEventTypes =
        ["county_registered.v1", "county_registered.v2", "county_municipalities_recorded.v1", "municipality_number_claimed.v1"];

    public static void AddRegions(this StoreOptions options)
    {
        // A v1 county knew its name only: it is read as a v2 registration that knows no municipalities.
        options.Events.Upcast<CountyRegisteredV1, CountyRegistered>("county_registered.v1", CountyRegistered.From);
        options.Events.MapEventType<CountyRegistered>("county_registered.v2");
        options.Events.MapEventType<CountyMunicipalitiesRecorded>("county_municipalities_recorded.v1");
        options.Events.MapEventType<MunicipalityNumberClaimed>("municipality_number_claimed.v1");
        options.Events.MapEventType<RegionRegistered>(RegionRegisteredEventType);
        options.Events.MapEventType<PriceListPublished>("price_list_published.v1");
        options.Events.MapEventType<PriceListCorrected>("price_list_corrected.v1");
        options.Events.MapEventType<ConsentValidityChanged>("consent_validity_changed.v1");
        options.Events.MapEventType<LongRangeGoalSet>("region_long_range_goal_set.v1");

        options.Projections.Snapshot<County>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Region>(SnapshotLifecycle.Inline);
        options.Schema.For<Region>().Index(x => x.CountyId).Index(x => x.Country);

        options.Projections.Add<CountyDetailsProjection>(ProjectionLifecycle.Inline);
        // Counties are the installation's geography, shared by every region: they live in the installation's tenant
        // (Hosting/RegionTenancy.InstallationTenant). Marten keeps an aggregate in its events' tenancy, so a region reads its
        // county through Counties.InstallationCounty, never with a plain load in its own session.
        options.Schema.For<CountyDetails>().Index(x => x.Country);
        options.Projections.Add<RegionDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<RegionDetails>().Index(x => x.CountyId).Index(x => x.Country);
    }
}
