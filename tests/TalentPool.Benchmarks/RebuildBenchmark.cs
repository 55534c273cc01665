using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Seeding;

namespace TalentPool.Benchmarks;

// Projection rebuild (`--scenario rebuild`): a database seeded by the demo data generator, then (a) every event read and
// deserialised in sequence order, pages of 10,000, with no projection work (the yardstick); (b) every projection, inline
// and async, rebuilt by Marten's daemon as the service's `projections rebuild` does (all at once, a few at a time). Prints
// both rates and their ratio. The store is the service's,
// configured as the host configures it, without a host: nothing else runs a daemon on the database meanwhile.
public static class RebuildBenchmark
{
    private const int Page = 10_000;

    public static async Task RunAsync(int talents, int maxConcurrent, string only)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        // The reads benchmark's database of the same size, when an earlier run left it (TALENTPOOL_BENCH_POSTGRES): same seed, same history.
        var database = await postgres.CreateDatabaseAsync($"bench_reads_{talents}");
        await using var store = ReadsAtScaleBenchmark.SeedingStore(database);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (await ReadsAtScaleBenchmark.EventCountAsync(database) == 0)
        {
            var summary = await DemoDataSeeder.SeedAsync(store, new DemoDataPlan(ReadsAtScaleBenchmark.Seed, talents, 2, new DateOnly(2026, 11, 25)),
                message => Console.Error.WriteLine($"  seeding: {message}"));
            Console.WriteLine($"Seeded {summary.Events:N0} events in {summary.Streams:N0} streams in {summary.Seconds:N0} s ({summary.EventsPerSecond:N0} events/s)");
        }
        await ReadsAtScaleBenchmark.VacuumAnalyzeAsync(database);
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

        // As `projections rebuild` does it (JasperFx's ProjectionHost): one daemon, every projection at once, at most
        // `maxConcurrent` at a time (Marten's default: the pool size / 8). `--max-concurrent 1` rebuilds one after the other.
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var cap = maxConcurrent > 0 ? maxConcurrent : daemon.MaxConcurrentRebuildsPerDatabase ?? 1;
        daemon.MaxConcurrentRebuildsPerDatabase = cap;
        // `--projections A,B` rebuilds only those (to look at one); the figure is for all of them.
        var projections = store.Options.Projections.All.Select(p => p.Name).Distinct()
            .Where(name => only.Length == 0 || only.Split(',').Contains(name)).ToList();
        var took = new System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan>();
        var all = Stopwatch.StartNew();
        await Parallel.ForEachAsync(projections, new ParallelOptions { MaxDegreeOfParallelism = cap }, async (projection, cancellation) =>
        {
            var rebuild = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromHours(1), cancellation);
            took[projection] = rebuild.Elapsed;
        });
        all.Stop();
        await daemon.StopAllAsync();
        foreach (var projection in projections)
        {
            Console.WriteLine($"  rebuild {projection,-32} {took[projection].TotalSeconds,7:N1} s");
        }
        var rebuildRate = events / all.Elapsed.TotalSeconds;
        Console.WriteLine($"  rebuild every projection, {cap} at a time: {all.Elapsed.TotalSeconds:N1} s = {rebuildRate:N0} events/s, " +
            $"{rebuildRate / readRate:P0} of reading the events");
    }
}
