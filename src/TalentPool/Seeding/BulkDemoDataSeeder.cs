using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using TalentPool.Billing;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Hosting.Rebuilding;

namespace TalentPool.Seeding;

/// <summary>Where a seeding spent its time (seconds); <c>Slowest</c>: the five projections (or document writes) that took longest.</summary>
public sealed record DemoDataPhases(double Generating, double CopyingEvents, double StreamReadModels, double CrossStreamReadModels,
    double Revisions, double Indexing, IReadOnlyList<(string Step, double Seconds)> Slowest)
{
    public string SlowestText => string.Join(", ", Slowest.Select(step => $"{step.Step} {step.Seconds:N1} s"));

    public override string ToString() =>
        $"generating {Generating:N1} s, copying events {CopyingEvents:N1} s, documents per stream {StreamReadModels:N1} s, " +
        $"documents across streams {CrossStreamReadModels:N1} s, indexes {Indexing:N1} s, revisions {Revisions:N1} s; slowest: {SlowestText}";
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
/// documents they queue are written with Marten's bulk document loader (<c>COPY</c> again) instead of one upsert each, into
/// tables whose secondary indexes are built once at the end, their revisions set from the streams in one statement per
/// table;</item>
/// <item>documents gathered across streams (the dashboards and metrics, async behind the API; the closed billing periods,
/// inline): applied to a million events at a time (<see cref="CrossStreamEventsAtOnce"/>) as the daemon applies a page, in
/// sequence order (<see cref="CrossStreamProjections"/>, shared with the one-pass rebuild): each document loaded and saved once
/// per run; at the end every async projection's progress is
/// set to the last event, so the service's daemon starts where the seeding ended instead of reading the history again.</item>
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
    /// <summary>Events generated, copied and projected one document per stream together (memory stays bounded).</summary>
    public const int EventsPerBatch = 100_000;

    /// <summary>
    /// Events whose documents gathered across streams are applied in one session: each such document (one per region holds
    /// every placed talent; one per partner, day counts) is loaded and saved once per this many events, not per batch — at
    /// 10M events, per batch was most of the seeding. The streams stay whole and in sequence order, as the daemon reads them.
    /// </summary>
    public const int CrossStreamEventsAtOnce = 1_000_000;

    public static async Task<(DemoDataSummary Summary, DemoDataPhases Phases)> SeedAsync(
        DocumentStore store, DemoDataPlan plan, Action<string>? progress = null, int eventsPerBatch = EventsPerBatch,
        CancellationToken cancellation = default, bool eventsOnly = false, int crossStreamEvents = CrossStreamEventsAtOnce)
    {
        var history = new DemoHistory(plan);
        var projections = store.Options.Projections.All;
        var perStream = projections.Where(OnePerStream).Select(p => p.BuildForInline()).ToArray();
        // Applied as the daemon applies them, as the one-pass rebuild does (Hosting/Rebuilding/CrossStreamProjections).
        var acrossStreams = new CrossStreamProjections(projections.Where(p => !OnePerStream(p)));
        var clock = Stopwatch.StartNew();
        Stopwatch copying = new(), streamModels = new(), crossModels = new(), revisions = new(), indexing = new();
        var steps = new Dictionary<string, TimeSpan>();
        async Task Timed(string step, Func<Task> work)
        {
            var started = Stopwatch.GetTimestamp();
            await work();
            steps[step] = steps.GetValueOrDefault(step) + Stopwatch.GetElapsedTime(started);
        }
        long streams = 0, events = 0, lastSequence = 0;
        var generatingTime = TimeSpan.Zero; // on the generator's thread, beside the rest
        var lastReport = TimeSpan.Zero;
        var correlation = $"{DemoDataSeeder.SeededBy}:{plan.Seed}";

        // The per-stream tables are filled without their secondary indexes (and the shared base without its counting
        // triggers): each index is built once at the end, and the facet counts counted from the documents in one statement.
        var documentTypes = projections.Where(OnePerStream).Cast<IAggregateProjection>().Select(p => p.AggregateType).Distinct().ToList();
        // The region's database: the shared one, or its own when configured so (Hosting/RegionDatabases.cs). Everything bulk
        // (events, documents, indexes, revisions, progress) happens there; the installation's streams (the county and the
        // number claims) always go to the shared database, through sessions when that is another (see WriteInstallationsAsync).
        var database = await store.Storage.FindOrCreateDatabase(RegionTenancy.TenantOf(history.RegionId));
        var installationElsewhere = (await store.Storage.FindOrCreateDatabase(RegionTenancy.InstallationTenant)).Id != database.Id;
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var suspended = eventsOnly ? [] : await StreamReadModelsRebuild.SuspendIndexesAsync(store, connection, documentTypes, cancellation, database);
        try
        {
            await AppendAndProjectAsync();
        }
        finally
        {
            indexing.Start();
            if (!eventsOnly) await StreamReadModelsRebuild.RestoreIndexesAsync(store, connection, suspended);
            indexing.Stop();
        }
        if (!eventsOnly)
        {
            revisions.Start();
            await StreamReadModelsRebuild.SetAllRevisionsToStreamVersionsAsync(store, connection, documentTypes, cancellation);
            revisions.Stop();
            await MarkAsyncProjectionsCurrentAsync(store, connection, lastSequence, cancellation);
        }

        var summary = new DemoDataSummary(plan.Seed, plan.Talents, plan.Years, plan.Activity, plan.From, plan.Until, history.RegionId, streams, events,
            Math.Round(clock.Elapsed.TotalSeconds, 1));
        return (summary, new DemoDataPhases(Math.Round(generatingTime.TotalSeconds, 1), Seconds(copying), Seconds(streamModels), Seconds(crossModels), Seconds(revisions),
            Seconds(indexing),
            [.. steps.OrderByDescending(step => step.Value).Take(5).Select(step => (step.Key, Math.Round(step.Value.TotalSeconds, 1)))]));

        static double Seconds(Stopwatch phase) => Math.Round(phase.Elapsed.TotalSeconds, 1);

        async Task AppendAndProjectAsync()
        {
            // Three kinds of work overlap, as in the one-pass rebuild: the next batch is generated (.NET) while this one is
            // written, and a batch's documents are copied (PostgreSQL) while its cross-stream documents are applied and the
            // next batch's events are copied. What must be in the store first still is: a batch's events before its
            // projections (some read their stream's history), every earlier batch's documents before a batch's billing
            // changes are read (the region's settlement), and each cross-stream batch after the one before (one session
            // loads what the last saved).
            var batches = Channel.CreateBounded<(List<StreamAction> Streams, int Events)>(2);
            // Stops the generator when the writing fails.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var generator = Task.Run(() => Generate(batches.Writer, stop.Token), CancellationToken.None);
            try
            {
                await WriteBatchesAsync(batches.Reader);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
            await generator;
        }

        async Task WriteBatchesAsync(ChannelReader<(List<StreamAction> Streams, int Events)> batches)
        {
            Task pendingWrite = Task.CompletedTask;
            var writingDocuments = TimeSpan.Zero;
            List<StreamAction> gathering = [];
            var gathered = 0;
            await foreach (var (batch, pending) in batches.ReadAllAsync(cancellation))
            {
                // Each run of streams of one tenant (the installation's counties and claims, the region's everything else) in
                // sessions of that tenant, as the API writes them, and in the history's order.
                foreach (var tenant in RunsOfOneTenant(batch))
                {
                    var streamsOfTenant = tenant.ToList();
                    if (installationElsewhere && tenant.Key == RegionTenancy.InstallationTenant)
                    {
                        await Timed("(the installation's streams, in the shared database)",
                            () => WriteInstallationsAsync(store, streamsOfTenant, correlation, cancellation));
                        continue;
                    }
                    copying.Start();
                    await store.BulkInsertEventsAsync(tenant.Key, streamsOfTenant, batchSize: eventsPerBatch, cancellation);
                    lastSequence = Math.Max(lastSequence, streamsOfTenant.Max(s => s.Events[^1].Sequence));
                    copying.Stop();

                    // The rebuild benchmark seeds the events alone: it builds every read model from them itself.
                    if (eventsOnly) continue;

                    streamModels.Start();
                    await Timed("(waiting for the last documents)", () => pendingWrite);
                    await Timed("(billing changes seen)", () => MarkBillingChangesSeenAsync(store, tenant.Key, streamsOfTenant, cancellation));
                    // Each document in its stream's tenant (the actions carry it).
                    List<StreamReadModelsRebuild.TenantDocuments> made = [];
                    await Timed("(applying one-stream projections)",
                        async () => made = await StreamReadModelsRebuild.ApplyAsync(store, perStream, streamsOfTenant, cancellation));
                    pendingWrite = WriteAsync(made);
                    streamModels.Stop();

                    // The documents gathered across streams, for several batches at once (see CrossStreamEventsAtOnce).
                    if (gathering.Count > 0 && gathering[0].TenantId != tenant.Key) await ApplyAcrossStreamsAsync();
                    gathering.AddRange(streamsOfTenant);
                    gathered += streamsOfTenant.Sum(s => s.Events.Count);
                    if (gathered >= crossStreamEvents) await ApplyAcrossStreamsAsync();
                }

                streams += batch.Count;
                events += pending;
                if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
                {
                    lastReport = clock.Elapsed;
                    progress($"{events:N0} events in {streams:N0} streams, {events / clock.Elapsed.TotalSeconds:N0} events/s");
                }
            }
            if (gathering.Count > 0) await ApplyAcrossStreamsAsync();
            await pendingWrite;
            steps["(writing documents of one stream, beside the rest)"] = writingDocuments;
            foreach (var (name, took) in acrossStreams.Applying) steps[name] = took;

            async Task ApplyAcrossStreamsAsync()
            {
                crossModels.Start();
                // The streams' events in sequence order (the seeder numbers them stream after stream); each projection's lookups
                // (the hire counts' earlier facts, the billable hires' billing events) once per run, as the daemon's per page.
                await acrossStreams.ApplyAsync([.. gathering.SelectMany(s => s.Events)], tenant => Open(store, tenant, correlation), cancellation);
                crossModels.Stop();
                gathering = [];
                gathered = 0;
            }

            async Task WriteAsync(List<StreamReadModelsRebuild.TenantDocuments> made)
            {
                var started = Stopwatch.GetTimestamp();
                await StreamReadModelsRebuild.WriteDocumentsAsync(store, made, cancellation, revisionsLater: true);
                writingDocuments += Stopwatch.GetElapsedTime(started);
            }
        }

        void Generate(ChannelWriter<(List<StreamAction>, int)> writer, CancellationToken stopped)
        {
            try
            {
                using var generated = history.Streams().GetEnumerator();
                while (true)
                {
                    var started = Stopwatch.GetTimestamp();
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
                    generatingTime += Stopwatch.GetElapsedTime(started);
                    if (batch.Count == 0) break;
                    // Waits while two batches are ready: memory stays bounded.
                    while (!writer.TryWrite((batch, pending)))
                    {
                        if (!writer.WaitToWriteAsync(stopped).AsTask().GetAwaiter().GetResult()) return;
                    }
                }
                writer.Complete();
            }
            catch (Exception failure)
            {
                writer.Complete(failure);
            }
        }
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

    /// <summary>
    /// The installation's streams (a county, the region's municipality-number claims: a few) when the region lives in a
    /// database of its own: appended to the shared database through a session of the installation's tenant, as the API
    /// appends them, the inline projections in the same transaction. The shared database's async projections are left to its
    /// daemon (its progress is not moved: other regions' events may be waiting there), as after an API write.
    /// </summary>
    private static async Task WriteInstallationsAsync(DocumentStore store, List<StreamAction> streams, string correlation, CancellationToken cancellation)
    {
        await using var session = Open(store, RegionTenancy.InstallationTenant, correlation);
        foreach (var stream in streams) session.Events.StartStream(stream.AggregateType!, stream.Id, [.. stream.Events.Select(e => e.Data)]);
        await session.SaveChangesAsync(cancellation);
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
    private static async Task MarkAsyncProjectionsCurrentAsync(DocumentStore store, NpgsqlConnection connection, long lastSequence, CancellationToken cancellation)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
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
