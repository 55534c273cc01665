using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;

namespace TalentPool.Municipalities;

public static class MunicipalitiesConfiguration
{
    public const string UniqueNumberIndex = "municipality_unique_number";

    public static void AddMunicipalities(this StoreOptions options)
    {
        options.Events.MapEventType<MunicipalityJoined>("municipality_joined.v1");
        options.Events.MapEventType<MunicipalityPopulationUpdated>("municipality_population_updated.v2");
        options.Events.MapEventType<MunicipalityPayerChanged>("municipality_payer_changed.v2");
        options.Events.MapEventType<MunicipalityLeft>("municipality_left.v2");
        options.Events.MapEventType<MunicipalityRejoined>("municipality_rejoined.v2");
        options.Events.MapEventType<MunicipalityPopulationCorrected>("municipality_population_corrected.v2");
        options.Events.MapEventType<MunicipalityPayerCorrected>("municipality_payer_corrected.v2");

        options.Projections.Snapshot<Municipality>(SnapshotLifecycle.Inline);
        // A municipality is identified by country and number. A number belongs to one region per country
        // (regions claim their numbers), so one municipality per region and number is one per country and number.
        options.Schema.For<Municipality>()
            .Index(x => x.RegionId)
            .UniqueIndex(UniqueIndexType.Computed, UniqueNumberIndex, x => x.RegionId, x => x.Number);

        options.Projections.Add<MunicipalityHistoryProjection>(ProjectionLifecycle.Inline);
    }
}
