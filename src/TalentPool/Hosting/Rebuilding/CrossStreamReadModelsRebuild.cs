using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;

namespace TalentPool.Hosting.Rebuilding;

/// <summary>The events the cross-stream pass read, and where its time went (per projection: applying, saving included).</summary>
/// <remarks>Reading overlaps with applying: its time is what applying waited for it.</remarks>
public sealed record CrossStreamReadModelsRebuilt(long Events, TimeSpan Reading, IReadOnlyDictionary<string, TimeSpan> Projections)
{
    public override string ToString() =>
        $"{Events:N0} events; waiting for reads {Reading.TotalSeconds:N1} s; " +
        string.Join(", ", Projections.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value.TotalSeconds:N1} s"));
}

/// <summary>
/// Rebuilds every projection that gathers events across streams (the dashboards' counts, the metrics, the change feed) or
/// reads beyond its stream (the billable hires) in ONE pass over the events in sequence order, where Marten's daemon reads
/// the store once per projection and loads and saves each document once per batch of 500 events: each page of events is
/// applied to every projection as the daemon applies a page (<see cref="CrossStreamProjections"/>: slicing, enrichment,
/// <c>StoreProjection</c>), and each projection's progress is left where the daemon's rebuild leaves it. Runs beside
/// <see cref="StreamReadModelsRebuild"/> (<see cref="RebuildPlan"/>): no projection here reads a document of the one pass —
/// the enrichments read events (the hires', candidacies' and vacancies' streams, the region's billing stream) — and the two
/// write different tables; their schema changes take turns (<see cref="RebuildSchemaChanges"/>).
/// </summary>
public static class CrossStreamReadModelsRebuild
{
    /// <summary>Events read per query and applied in one go: each document is loaded and saved once per this many events.</summary>
    public const int EventsPerPage = 100_000;

    /// <summary>Whether the pass rebuilds this projection: stored (not live), not one document per stream, applicable like the daemon does.</summary>
    public static bool Covers(IProjectionSource<IDocumentOperations, IQuerySession> projection) =>
        projection.Lifecycle != ProjectionLifecycle.Live && !StreamReadModelsRebuild.Covers(projection) && CrossStreamProjections.CanApply(projection);

    /// <param name="progress">Called after each page with the sequence reached (the events it read are those of the projections' types).</param>
    public static async Task<CrossStreamReadModelsRebuilt> RunAsync(
        DocumentStore store, IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> projections, Action<long>? progress,
        CancellationToken cancellation, int eventsPerPage = EventsPerPage)
    {
        if (projections.FirstOrDefault(p => !Covers(p)) is { } other)
        {
            throw new ArgumentException($"{other.Name} is not rebuilt across streams.", nameof(projections));
        }
        // The tables are emptied below and nothing else writes them: the change feed's rows are kept in memory, copied in at the end.
        var applying = new CrossStreamProjections(projections, changeFeedInMemory: true);
        var types = CrossStreamProjections.EventTypes(projections)?.ToArray();

        long lastSequence;
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(cancellation);
            await using var last = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", connection);
            lastSequence = (long)(await last.ExecuteScalarAsync(cancellation))!;
        }
        // As the daemon's rebuild starts: no document of the projections in any region.
        // Marten checks a type's table (and may change it) at its first use in the process: not while the one pass changes its own.
        await using (await RebuildSchemaChanges.HoldAsync(store, cancellation))
        {
            foreach (var type in projections.SelectMany(p => p.PublishedTypes()).Distinct())
            {
                await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, cancellation);
            }
        }

        long events = 0;
        var reading = new Stopwatch();
        var nextPage = PageAsync(store, types, 0, lastSequence, eventsPerPage, cancellation);
        while (true)
        {
            reading.Start();
            var page = await nextPage;
            reading.Stop();
            if (page.Count == 0) break;
            // The next page is read while this one is applied.
            nextPage = PageAsync(store, types, page[^1].Sequence, lastSequence, eventsPerPage, cancellation);
            await applying.ApplyAsync(page, tenant => store.LightweightSession(tenant), cancellation);
            events += page.Count;
            // Of the high-water mark, as the daemon's progress is told: the sequence reached.
            progress?.Invoke(page[^1].Sequence);
        }
        await applying.CompleteAsync(store, cancellation);
        await MarkRebuiltAsync(store, projections, lastSequence, cancellation);
        return new CrossStreamReadModelsRebuilt(events, reading.Elapsed, applying.Applying);
    }

    /// <summary>The next events of these types (null: every event) after a sequence, of every region, in sequence order, upcast as the daemon reads them.</summary>
    private static async Task<IReadOnlyList<IEvent>> PageAsync(
        DocumentStore store, Type[]? types, long after, long last, int size, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var query = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence > after && e.Sequence <= last);
        if (types is not null) query = query.Where(e => e.EventTypesAre(types));
        return await query.OrderBy(e => e.Sequence).Take(size).ToListAsync(cancellation);
    }

    /// <summary>As Marten's own rebuild leaves it: each projection's shards have processed the events up to the high-water mark taken at the start.</summary>
    private static async Task MarkRebuiltAsync(
        DocumentStore store, IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> projections, long lastSequence, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        foreach (var shard in projections.SelectMany(p => p.Shards()))
        {
            await using var mark = new NpgsqlCommand(
                $"insert into {store.Options.Events.DatabaseSchemaName}.mt_event_progression (name, last_seq_id) values (@name, @sequence) " +
                "on conflict (name) do update set last_seq_id = @sequence", connection);
            mark.Parameters.AddWithValue("name", shard.Name.Identity);
            mark.Parameters.AddWithValue("sequence", lastSequence);
            await mark.ExecuteNonQueryAsync(cancellation);
        }
    }
}
