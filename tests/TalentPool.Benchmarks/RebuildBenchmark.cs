using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Hosting.Rebuilding;
using TalentPool.Seeding;

namespace TalentPool.Benchmarks;

// Projection rebuild (`--scenario rebuild`): the demo data generator's events alone (seeded once), then (a) every event read
// and deserialised in sequence order, pages of 10,000, with no projection work (the yardstick); (b) every projection, inline
// and async, rebuilt as the operator's `rebuild` does it (Hosting/Rebuilding/RebuildPlan: the one-document-per-stream inline
// projections in one pass, the cross-stream ones in a second, sequence-ordered pass beside it), or with `--daemon-only` by Marten's daemon alone, as
// `projections rebuild` does (the "before"). Prints each step's time, where the one pass spent its time, both rates, their
// ratio and the load average. The store is the service's, configured as the host configures it, without a host: nothing
// else runs a daemon on the database meanwhile.
public static class RebuildBenchmark
{
    private const int Page = 10_000;

    public static async Task RunAsync(int talents, int maxConcurrent, string only, bool seedOnly = false, bool daemonOnly = false, bool sideBySide = false)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        // The events alone (every read model is what is measured), seeded once and reused when TALENTPOOL_BENCH_POSTGRES names a server.
        var database = await postgres.CreateDatabaseAsync($"bench_rebuild_{talents}");
        // Marten's event loader asks for the next 500 events of a projection's types after a sequence: at 1M events a projection
        // of rare events (RegionMembers) scans far for them, past the default 30 s command timeout on this loaded machine.
        var dataSource = NpgsqlDataSource.Create(database);
        await using var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.ConfigureTalentPoolStore(dataSource);
            options.CommandTimeout = 3_600;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (await ReadsAtScaleBenchmark.EventCountAsync(database) == 0)
        {
            var (summary, _) = await BulkDemoDataSeeder.SeedAsync(store, new DemoDataPlan(ReadsAtScaleBenchmark.Seed, talents, 2, new DateOnly(2026, 11, 25)),
                message => Console.Error.WriteLine($"  seeding: {message}"), eventsOnly: true);
            Console.WriteLine($"Seeded {summary.Events:N0} events in {summary.Streams:N0} streams in {summary.Seconds:N0} s ({summary.EventsPerSecond:N0} events/s)");
        }
        await ReadsAtScaleBenchmark.VacuumAnalyzeAsync(database);
        if (seedOnly) return;
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {talents:N0} talents, {await ReadsAtScaleBenchmark.EventCountAsync(database):N0} events");

        var read = Stopwatch.StartNew();
        long events = 0, last = 0;
        while (true)
        {
            await using var session = store.QuerySession();
            var from = last;
            var page = await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.Sequence > from).OrderBy(e => e.Sequence).Take(Page).ToListAsync();
            if (page.Count == 0) break;
            events += page.Count;
            last = page[^1].Sequence;
        }
        var readRate = events / read.Elapsed.TotalSeconds;
        Console.WriteLine($"  read and deserialise every event, no projection: {events:N0} events in {read.Elapsed.TotalSeconds:N1} s = {readRate:N0} events/s");

        // As the operator's `rebuild` does it (Hosting/Rebuilding/RebuildPlan): the inline one-document-per-stream projections in one
        // pass, then the cross-stream ones in another (`--side-by-side`: both at once), then any other with Marten's daemon.
        // `--daemon-only`: every projection with Marten's daemon, as `projections rebuild` does (the "before", same events, same run),
        // `--max-concurrent N` of them at a time.
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var cap = Math.Max(1, maxConcurrent);
        daemon.MaxConcurrentRebuildsPerDatabase = cap;
        // `--projections A,B` rebuilds only those (to look at one); the figure is for all of them.
        var projections = store.Options.Projections.All.Where(p => p.Lifecycle != JasperFx.Events.Projections.ProjectionLifecycle.Live)
            .Select(p => p.Name).Distinct().Where(name => only.Length == 0 || only.Split(',').Contains(name)).ToList();
        var steps = daemonOnly
            ? [.. projections.Select(name => RebuildPlan.ByDaemon(daemon, name))]
            : RebuildPlan.For(store, daemon, projections, sideBySide: sideBySide);
        var took = new System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan>();
        var phases = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        Console.WriteLine($"  load average before the rebuild: {LoadAverage()}");
        var all = Stopwatch.StartNew();
        async Task RunStepAsync(RebuildStep step, CancellationToken cancellation)
        {
            var rebuild = Stopwatch.StartNew();
            if (await step.Run(_ => { }, TimeSpan.FromHours(2), cancellation) is { } spent) phases[step.Label] = spent;
            took[step.Label] = rebuild.Elapsed;
        }
        // The operator's way (RebuildPlan.RunAsync); Marten's daemon alone N at a time.
        if (daemonOnly) await Parallel.ForEachAsync(steps, new ParallelOptions { MaxDegreeOfParallelism = cap }, async (step, cancellation) => await RunStepAsync(step, cancellation));
        else await RebuildPlan.RunAsync(steps, step => RunStepAsync(step, CancellationToken.None));
        all.Stop();
        await daemon.StopAllAsync();
        foreach (var step in steps)
        {
            var what = step.Projections.Count > 1 ? $"{step.Label} ({string.Join(", ", step.Projections)})" : step.Label;
            Console.WriteLine($"  rebuild {took[step.Label].TotalSeconds,7:N1} s  {what}");
            if (phases.TryGetValue(step.Label, out var spent)) Console.WriteLine($"                    {spent}");
        }
        var rebuildRate = events / all.Elapsed.TotalSeconds;
        Console.WriteLine($"  rebuild every projection ({(daemonOnly ? $"Marten's daemon alone, {cap} step(s) at a time" : sideBySide ? "the two passes side by side" : "one pass after the other")}): " +
            $"{all.Elapsed.TotalSeconds:N1} s = {rebuildRate:N0} events/s, {rebuildRate / readRate:P0} of reading the events");
        Console.WriteLine($"  load average after the rebuild: {LoadAverage()}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MB");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
