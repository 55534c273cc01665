using JasperFx.Events.Projections;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.ReadModels;

/// <summary>
/// A projection that names no event types is fed every event of the store: a rebuild reads them all (RegionSettlement read
/// 148,823 events to apply none), and inline, every write loads its document for every stream it appends to. A projection
/// that overrides Evolve must name its events with IncludeType; Apply/Create methods and Identity rules name them already.
/// </summary>
public sealed class ProjectionEventTypesTests
{
    [Fact]
    public void Every_projection_names_the_event_types_it_reads()
    {
        // Building the store checks each projection and gathers its event types; no database is touched.
        using var store = TalentPoolStores.For("Host=127.0.0.1;Port=1;Database=none");

        var unfiltered = store.Options.Projections.All
            .Where(projection => projection is not EventFilterable { IncludedEventTypes.Count: > 0 })
            .Select(projection => projection.Name);

        unfiltered.ShouldBeEmpty();
    }
}
