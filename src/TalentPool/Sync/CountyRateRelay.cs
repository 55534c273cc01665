using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Storage;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Regions;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace TalentPool.Sync;

/// <summary>
/// A fact recorded in another database (<see cref="CountyRateRelay"/>) may change this region's county rate from
/// <paramref name="From"/> on: a municipality of its country joined, left or rejoined a region there, or the country's county
/// list was recorded. The statements feed writes every municipality's rows from that month on, as it does for such a fact of
/// its own database. Ids and a day only. <paramref name="Cause"/> is the relayed event's id.
/// </summary>
public sealed record CountyRateChangedElsewhere(Guid RegionId, string Country, DateOnly From, Guid Cause)
{
    /// <summary>One stream per region and relayed event: recorded once, whoever relays it and however often.</summary>
    public static Guid StreamIdFor(Guid regionId, Guid cause) => DeterministicId.From($"county-rate-elsewhere:{regionId}:{cause}");
}

/// <summary>
/// Carries the facts that change a county rate across databases. A county's licence rate depends on every municipality of
/// the county, whichever region and database it joined; within one database the change feed writes the other regions' rows
/// from the fact itself (<see cref="ChangeFeedProjection"/>), but a database's daemon cannot write rows into another
/// database's feed: their positions come from another event sequence, and a row committed there by this daemon would not be
/// ordered with that feed's own rows (a reader's cursor could pass it). So this event subscription, run by each database's
/// daemon like the async projections, records <see cref="CountyRateChangedElsewhere"/> in every region of the country in
/// every other database: an event there, in that region's tenant, that its own daemon turns into rows at its own positions —
/// gap-free, ordered and resumable exactly as any other fact of that region. Each is a stream keyed by the region and the
/// relayed event, written (and committed) before this page's progress: a page processed again finds them there, and a
/// second writer racing for one is refused by the stream's key and lets it be. With one database nothing runs.
/// </summary>
public sealed class CountyRateRelay : BatchSubscription
{
    public const string Name = "CountyRateRelay";

    public CountyRateRelay() : base(Name)
    {
        IncludeType<MunicipalityJoined>();
        IncludeType<MunicipalityLeft>();
        IncludeType<MunicipalityRejoined>();
        IncludeType<CountyMunicipalitiesRecorded>();
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken cancellation)
    {
        var store = operations.DocumentStore;
        var databases = await store.Storage.AllDatabases();
        if (databases.Count < 2 || page.Events.Count == 0) return;

        var here = (await store.Storage.FindOrCreateDatabase(page.Events[0].TenantId)).Id;
        var facts = new List<(IEvent Event, string Country, DateOnly From)>();
        foreach (var e in page.Events)
        {
            if (StatementChanges.CountyRateChangeFrom(e.Data) is not { } from) continue;
            var country = e.Data is CountyMunicipalitiesRecorded county ? county.Country
                : StatementChanges.RegionOf(e.Data) is { } region ? (await operations.ForTenant(e.TenantId).LoadAsync<Region>(region, cancellation))?.Country
                : null;
            if (country is not null) facts.Add((e, country, from));
        }
        if (facts.Count == 0) return;

        foreach (var database in databases.Where(database => database.Id != here).OfType<IMartenDatabase>())
        {
            var countries = facts.Select(f => f.Country).Distinct().ToArray();
            List<(Guid Id, string Country)> regions;
            await using (var there = store.QuerySession(Marten.Services.SessionOptions.ForDatabase(database)))
            {
                regions = [.. (await there.Query<Region>().Where(r => r.AnyTenant() && r.Country.IsOneOf(countries))
                    .Select(r => new { r.Id, r.Country }).ToListAsync(cancellation)).Select(r => (r.Id, r.Country))];
            }
            foreach (var (region, country) in regions)
            {
                foreach (var fact in facts.Where(f => f.Country == country))
                    await RecordAsync(store, new CountyRateChangedElsewhere(region, country, fact.From, fact.Event.Id), cancellation);
            }
        }
    }

    /// <summary>
    /// Waits (as <see cref="ReadModelProgress"/> waits for a projection) until every other database's relay has handled the
    /// events stored there when asked; the first one that did not in time, or null (one database, or every relay done).
    /// </summary>
    public static async Task<ReadModelFreshness?> WaitForOtherDatabasesAsync(IQuerySession session, ReadModelProgress progress, CancellationToken cancellation)
    {
        ReadModelFreshness? late = null;
        foreach (var database in await Talents.OtherRegionsDatabases.OthersAsync(session))
        {
            await using var other = Talents.OtherRegionsDatabases.SessionOn(session, database);
            var relayed = await progress.ReadAsync(other, Name, waitForWrites: true, cancellation);
            if (relayed.Wait == WaitOutcome.TimedOut) late ??= relayed;
        }
        return late;
    }

    private static async Task RecordAsync(IDocumentStore store, CountyRateChangedElsewhere relayed, CancellationToken cancellation)
    {
        var streamId = CountyRateChangedElsewhere.StreamIdFor(relayed.RegionId, relayed.Cause);
        await using var session = store.LightweightSession(RegionTenancy.TenantOf(relayed.RegionId));
        if (await session.Events.FetchStreamStateAsync(streamId, cancellation) is not null) return; // relayed before this page was
        try
        {
            session.Events.StartStream(streamId, relayed);
            await session.SaveChangesAsync(cancellation);
        }
        catch (Exception race) when (race is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Another node relayed it a moment ago (a takeover): once is enough.
        }
    }
}
