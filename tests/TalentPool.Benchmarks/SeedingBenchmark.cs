using System.Diagnostics;
using TalentPool.Seeding;

namespace TalentPool.Benchmarks;

// Seeding (`--scenario seeding --talents 10000 --activity 1 --paths generate,sessions,bulk`): the demo data generator's history of one
// size, (generate) only made in memory, (sessions) appended through document sessions as before, 4,000 events a
// transaction with the inline projections in SaveChangesAsync, (bulk) copied with Marten's bulk event loader and the inline
// projections run over the same stream actions; each into a fresh database, printing events/s and where the time went.
public static class SeedingBenchmark
{
    public static async Task RunAsync(int talents, int years, int activity, string[] paths, int eventsPerBatch)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        var plan = new DemoDataPlan(ReadsAtScaleBenchmark.Seed, talents, years, new DateOnly(2026, 11, 25), Activity: activity);
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {talents:N0} talents, {years} years, activity {activity}; load average {LoadAverage()}");
        double? before = null;
        foreach (var path in paths)
        {
            switch (path)
            {
                case "generate":
                    var clock = Stopwatch.StartNew();
                    long events = 0, streams = 0;
                    foreach (var stream in new DemoHistory(plan).Streams())
                    {
                        streams++;
                        events += stream.Events.Count;
                    }
                    Console.WriteLine($"  generate only: {events:N0} events in {streams:N0} streams in {clock.Elapsed.TotalSeconds:N1} s " +
                        $"= {events / clock.Elapsed.TotalSeconds:N0} events/s");
                    break;
                case "sessions":
                {
                    await using var store = ReadsAtScaleBenchmark.SeedingStore(await postgres.CreateDatabaseAsync($"bench_seed_sessions_{talents}_{years}_{activity}"));
                    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                    var summary = await DemoDataSeeder.SeedAsync(store, plan, message => Console.Error.WriteLine($"  sessions: {message}"));
                    before = summary.EventsPerSecond;
                    Console.WriteLine($"  sessions (before): {summary.Events:N0} events in {summary.Streams:N0} streams in {summary.Seconds:N1} s " +
                        $"= {summary.EventsPerSecond:N0} events/s");
                    break;
                }
                case "bulk":
                {
                    await using var store = ReadsAtScaleBenchmark.SeedingStore(await postgres.CreateDatabaseAsync($"bench_seed_bulk_{talents}_{years}_{activity}"));
                    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                    var (cpu, postgresCpu) = (Environment.CpuUsage.TotalTime, postgres.CpuSeconds());
                    var (summary, phases) = await BulkDemoDataSeeder.SeedAsync(store, plan, message => Console.Error.WriteLine($"  bulk: {message}"), eventsPerBatch);
                    // CPU used, not time waited: comparable whatever else loads the machine.
                    Console.WriteLine($"    CPU: .NET {(Environment.CpuUsage.TotalTime - cpu).TotalSeconds:N1} s, PostgreSQL " +
                        $"{(postgres.CpuSeconds() - postgresCpu is { } used ? $"{used:N1} s" : "unknown (a configured server)")}");
                    Console.WriteLine($"  bulk: {summary.Events:N0} events in {summary.Streams:N0} streams in {summary.Seconds:N1} s " +
                        $"= {summary.EventsPerSecond:N0} events/s{(before is { } b ? $", {summary.EventsPerSecond / b:N1}x the sessions" : "")}");
                    Console.WriteLine($"    {phases}");
                    break;
                }
            }
        }
        Console.WriteLine($"load average afterwards {LoadAverage()}");
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
