using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Municipalities;

public static class MunicipalitiesConfiguration
{
    public const string UniqueNumberIndex = "municipality_unique_number";

    public static void AddMunicipalities(this StoreOptions options)
    {
        options.Events.MapEventType<MunicipalityJoined>("municipality_joined.v1");
        options.Events.MapEventType<MunicipalityPopulationUpdated>("municipality_population_updated.v1");
        options.Events.MapEventType<MunicipalityPayerChanged>("municipality_payer_changed.v1");
        options.Events.MapEventType<MunicipalityLeft>("municipality_left.v1");
        options.Events.MapEventType<MunicipalityRejoined>("municipality_rejoined.v1");
        options.Events.MapEventType<MunicipalityPopulationCorrected>("municipality_population_corrected.v1");
        options.Events.MapEventType<MunicipalityPayerCorrected>("municipality_payer_corrected.v1");

        options.Projections.Snapshot<Municipality>(SnapshotLifecycle.Inline);
        options.Schema.For<Municipality>()
            .Index(x => x.RegionId)
            .Index(x => x.Number, index => { index.Name = UniqueNumberIndex; index.IsUnique = true; });
    }
}
