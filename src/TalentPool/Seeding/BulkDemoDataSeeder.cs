using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using TalentPool.Billing;
using TalentPool.Hires;
using TalentPool.Hosting.Rebuilding;

namespace TalentPool.Seeding;

/// <summary>Where a seeding spent its time (seconds); <c>Slowest</c>: the five projections (or document writes) that took longest.</summary>
public sealed record DemoDataPhases(double Generating, double CopyingEvents, double StreamReadModels, double CrossStreamReadModels,
    IReadOnlyList<(string Step, double Seconds)> Slowest)
{
    public string SlowestText => string.Join(", ", Slowest.Select(step => $"{step.Step} {step.Seconds:N1} s"));
}

/// <summary>
/// Appends a <see cref="DemoHistory"/> with Marten's bulk event loader and builds every read model from the same events
/// with the store's own projections — the objects Marten calls from <c>SaveChangesAsync</c> (inline) and the daemon runs
/// (async) — so the documents are what the API's writes and the daemon would make, in minutes instead of hours:
/// <list type="number">
/// <item>events: <c>BulkInsertEventsAsync</c> (PostgreSQL <c>COPY … FROM STDIN BINARY</c> into <c>mt_streams</c> and
/// <c>mt_events</c>, sequences drawn from the store's sequence in stream order, the daemon's high-water mark moved on);</item>
/// <item>one document per stream (the single-stream projections, all inline: aggregates, the shared base, hires …): each
/// projection applies the batch's stream actions in sessions of <see cref="StreamReadModelsRebuild.StreamsPerSession"/> streams, and the
/// documents they queue are written with Marten's bulk document loader (<c>COPY</c> again) instead of one upsert each;</item>
/// <item>documents gathered across streams (the dashboards and metrics, async behind the API; the closed billing periods,
/// inline): applied batch after batch in one session that loads what earlier batches saved and upserts it — what the
/// daemon does, in sequence order; at the end every async projection's progress is set to the last event, so the
/// service's daemon starts where the seeding ended instead of reading the history again.</item>
/// </list>
/// Measured before this (README "Demo data"): through document sessions the time went into the inline projections and
/// their one-by-one upserts, not into the events; and one session holding a whole batch costs the square of its size,
/// since Marten's unit of work looks for an earlier operation on the same document at every queued one.
/// </summary>
/// <remarks>
/// A batch commits its events, then its documents: seed an empty database with the service stopped (README "Demo data").
/// Projections that read the store while applying (the shared base's history before a late consent, a hire's billing
/// events before it) find the batch's events committed, each with its sequence, and read the history before that
/// sequence, as in a rebuild. The tests hold every read model to what seeding through sessions and the daemon build.
/// </remarks>
public static class BulkDemoDataSeeder
{
    public static async Task<(DemoDataSummary Summary, DemoDataPhases Phases)> SeedAsync(
        DocumentStore store, DemoDataPlan plan, Action<string>? progress = null, int eventsPerBatch = 20_000,
        CancellationToken cancellation = default, bool eventsOnly = false)
    {
        var history = new DemoHistory(plan);
        var projections = store.Options.Projections.All;
        var perStream = projections.Where(OnePerStream).Select(p => p.BuildForInline()).ToArray();
        var acrossStreams = projections.Where(p => !OnePerStream(p)).Select(p => (p.BuildForInline(), p.Name)).ToArray();
        var clock = Stopwatch.StartNew();
        Stopwatch generating = new(), copying = new(), streamModels = new(), crossModels = new();
        var steps = new Dictionary<string, TimeSpan>();
        async Task Timed(string step, Func<Task> work)
        {
            var started = Stopwatch.GetTimestamp();
            await work();
            steps[step] = steps.GetValueOrDefault(step) + Stopwatch.GetElapsedTime(started);
        }
        long streams = 0, events = 0, lastSequence = 0;
        var lastReport = TimeSpan.Zero;
        var correlation = $"{DemoDataSeeder.SeededBy}:{plan.Seed}";

        using var generated = history.Streams().GetEnumerator();
        while (true)
        {
            generating.Start();
            var batch = new List<StreamAction>();
            var pending = 0;
            while (pending < eventsPerBatch && generated.MoveNext())
            {
                var stream = generated.Current;
                var action = StreamAction.Start(store.Events, stream.Id, [.. stream.Events]);
                action.AggregateType = stream.Aggregate;
                action.TenantId = stream.TenantIn(history.RegionId);
                foreach (var e in action.Events)
                {
                    e.CorrelationId = correlation;
                    e.UserName = DemoDataSeeder.SeededBy;
                }
                batch.Add(action);
                pending += action.Events.Count;
            }
            generating.Stop();
            if (batch.Count == 0) break;

            // Each run of streams of one tenant (the installation's counties and claims, the region's everything else) in
            // sessions of that tenant, as the API writes them, and in the history's order.
            foreach (var tenant in RunsOfOneTenant(batch))
            {
                var streamsOfTenant = tenant.ToList();
                copying.Start();
                await store.BulkInsertEventsAsync(tenant.Key, streamsOfTenant, batchSize: eventsPerBatch, cancellation);
                lastSequence = Math.Max(lastSequence, streamsOfTenant.Max(s => s.Events[^1].Sequence));
                copying.Stop();

                // The rebuild benchmark seeds the events alone: it builds every read model from them itself.
                if (eventsOnly) continue;

                streamModels.Start();
                await Timed("(billing changes seen)", () => MarkBillingChangesSeenAsync(store, tenant.Key, streamsOfTenant, cancellation));
                // Each document in its stream's tenant (the actions carry it).
                await Timed("(documents of one stream)", () => StreamReadModelsRebuild.WriteAsync(store, perStream, streamsOfTenant, cancellation));
                streamModels.Stop();

                crossModels.Start();
                await using (var session = Open(store, tenant.Key, correlation))
                using (Metrics.HireFactContext.Knowing(streamsOfTenant.SelectMany(s => s.Events)))
                {
                    // The run holds whole streams: the hire counts look a hire's earlier facts up in it, not in the store.
                    foreach (var (projection, name) in acrossStreams) await Timed(name, () => projection.ApplyAsync(session, streamsOfTenant, cancellation));
                    await Timed("(saving documents across streams)", () => session.SaveChangesAsync(cancellation));
                }
                crossModels.Stop();
            }

            streams += batch.Count;
            events += pending;
            if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                progress($"{events:N0} events in {streams:N0} streams, {events / clock.Elapsed.TotalSeconds:N0} events/s");
            }
        }
        if (!eventsOnly) await MarkAsyncProjectionsCurrentAsync(store, lastSequence, cancellation);

        var summary = new DemoDataSummary(plan.Seed, plan.Talents, plan.Years, plan.Activity, plan.From, plan.Until, history.RegionId, streams, events,
            Math.Round(clock.Elapsed.TotalSeconds, 1));
        return (summary, new DemoDataPhases(Seconds(generating), Seconds(copying), Seconds(streamModels), Seconds(crossModels),
            [.. steps.OrderByDescending(step => step.Value).Take(5).Select(step => (step.Key, Math.Round(step.Value.TotalSeconds, 1)))]));

        static double Seconds(Stopwatch phase) => Math.Round(phase.Elapsed.TotalSeconds, 1);
    }

    /// <summary>
    /// A hire's billable fact counts the region's billing events stored before it. Live, the hire's handler read that count
    /// and put it on the hire's first event (<see cref="BillableHireProjection.Seen"/>); applied inline without it, the
    /// projection loads the region's settlement once per hire event. The settlement does not change while a batch's
    /// streams are projected (its documents are written after them), so it is read once per region and batch and put on
    /// each hire event of the batch without one: the same count, one query instead of thousands.
    /// </summary>
    private static async Task MarkBillingChangesSeenAsync(DocumentStore store, string tenant, List<StreamAction> batch, CancellationToken cancellation)
    {
        var facts = batch.SelectMany(s => s.Events)
            .Where(e => e.Data is HireRecorded or HireCancelled && e.GetHeader(BillableHireProjection.BillingChangesSeenHeader) is null)
            .Select(e => (Event: e, Region: e.Data is HireRecorded recorded ? recorded.RegionId : ((HireCancelled)e.Data).RegionId))
            .ToList();
        if (facts.Count == 0) return;
        await using var session = store.QuerySession(tenant);
        var regions = facts.Select(f => f.Region).Distinct().ToList();
        var settlements = await session.LoadManyAsync<RegionSettlement>(cancellation, regions.Select(RegionBilling.StreamIdFor).ToArray());
        var changes = settlements.ToDictionary(settlement => settlement.RegionId, settlement => settlement.Changes);
        foreach (var (e, region) in facts) e.SetHeader(BillableHireProjection.BillingChangesSeenHeader, changes.GetValueOrDefault(region));
    }

    private static IEnumerable<IGrouping<string, StreamAction>> RunsOfOneTenant(List<StreamAction> batch)
    {
        var run = new List<StreamAction>();
        foreach (var stream in batch)
        {
            if (run.Count > 0 && run[0].TenantId != stream.TenantId)
            {
                yield return run.GroupBy(s => s.TenantId).Single();
                run = [];
            }
            run.Add(stream);
        }
        if (run.Count > 0) yield return run.GroupBy(s => s.TenantId).Single();
    }

    private static bool OnePerStream(IProjectionSource<IDocumentOperations, IQuerySession> projection) =>
        projection.Lifecycle == ProjectionLifecycle.Inline && projection is IAggregateProjection { Scope: AggregationScope.SingleStream };

    private static IDocumentSession Open(IDocumentStore store, string tenant, string correlation)
    {
        var session = store.LightweightSession(tenant);
        session.LastModifiedBy = DemoDataSeeder.SeededBy;
        session.CorrelationId = correlation;
        return session;
    }

    /// <summary>
    /// The async projections were applied to every event above: their daemon shards start after the last one. Marten has
    /// no public call that sets a shard's progress, so this writes the row its daemon keeps, in the table and with the
    /// statement Marten's own bulk event loader uses for the high-water mark (<c>mt_event_progression</c> in the events'
    /// schema, one row per shard, named by the shard's identity).
    /// </summary>
    private static async Task MarkAsyncProjectionsCurrentAsync(DocumentStore store, long lastSequence, CancellationToken cancellation)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        foreach (var shard in store.Options.Projections.AllShards())
        {
            await using var mark = new NpgsqlCommand(
                $"insert into {schema}.mt_event_progression (name, last_seq_id) values (@name, @sequence) " +
                $"on conflict (name) do update set last_seq_id = greatest({schema}.mt_event_progression.last_seq_id, @sequence)",
                connection);
            mark.Parameters.AddWithValue("name", shard.Name.Identity);
            mark.Parameters.AddWithValue("sequence", lastSequence);
            await mark.ExecuteNonQueryAsync(cancellation);
        }
    }
}
