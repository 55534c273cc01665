using System.Collections.Concurrent;
using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Hosting;

namespace TalentPool.Benchmarks;

// Async daemon lag (`--scenario lag --seconds 60`): the service (in this process, Kestrel on loopback, its Wolverine-run
// daemon) on a fresh database of a throwaway PostgreSQL. First `--clients` closed-loop clients send the soak's writes
// (SoakTraffic.Mix without its reads) for `--probe-seconds`: what they get through is the maximum mixed write rate. Then
// half that rate, open loop, for `--seconds`. Meanwhile a probe reads every 10 ms the newest stored sequence and the
// lowest sequence every async projection has processed (the progression table, as the freshness of an answer reads it).
// A write's lag: from its answer (2xx) until every async projection has processed the newest event stored when it was
// answered — its own events among them, so an upper bound by at most one probe interval. Prints p50/p95/p99/max.
public static class LagBenchmark
{
    private static readonly HashSet<string> WriteKinds =
        ["registration", "profile-update", "consent-change", "vacancy-post", "candidacy", "rejection", "hire", "cancellation"];

    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestCatchUp = TimeSpan.FromSeconds(60);

    private sealed record Sample(double Started, double At, long Newest, long Projected);

    public static async Task<int> RunAsync(int seconds, int clients, int probeSeconds)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        var database = await postgres.CreateDatabaseAsync($"bench_lag_{DateTime.UtcNow:yyyyMMdd_HHmmss}");
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        // One address sends every registration: the per-address limit would refuse most of them.
        Environment.SetEnvironmentVariable("RateLimits__RegistrationsPerMinute", int.MaxValue.ToString());
        await using var service = BenchmarkService.Start(database);
        var store = (DocumentStore)service.Services.GetRequiredService<IDocumentStore>();
        var shards = store.Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => $"{p.Name}:All").ToArray();
        Console.WriteLine($"Async projections: {string.Join(", ", shards)}");

        using var client = service.Client("");
        client.DefaultRequestHeaders.Authorization = null;
        client.Timeout = TimeSpan.FromSeconds(30);
        var traffic = new SoakTraffic(client, service.Services.GetRequiredService<TokenIssuer>());
        await traffic.SeedAsync();
        var schedule = SoakTraffic.Mix.Where(m => WriteKinds.Contains(m.Kind))
            .SelectMany(m => Enumerable.Repeat(m.Kind, m.Weight)).OrderBy(_ => Random.Shared.Next()).ToArray();
        Console.WriteLine($"Writes per {schedule.Length}: {string.Join(", ", SoakTraffic.Mix.Where(m => WriteKinds.Contains(m.Kind)).Select(m => $"{m.Kind} {m.Weight}"))}");

        // The maximum: closed loop, each client sends its next write when the last one is answered.
        var clock = Stopwatch.StartNew();
        var next = 0L;
        var probeWrites = new ConcurrentBag<(double Answered, bool Ok)>();
        var probeEnd = TimeSpan.FromSeconds(probeSeconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < probeEnd)
            {
                var outcome = await SendAsync(traffic, schedule[Interlocked.Increment(ref next) % schedule.Length]);
                probeWrites.Add((clock.Elapsed.TotalSeconds, outcome.Ok));
            }
        })));
        var maximum = probeWrites.Count(w => w.Ok) / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"Closed loop, {clients} clients, {clock.Elapsed.TotalSeconds:N1} s: {probeWrites.Count(w => w.Ok):N0} writes answered 2xx " +
            $"({probeWrites.Count(w => !w.Ok)} not) = {maximum:N0} writes/s, the maximum mixed write rate");

        // Let the daemon finish what the closed loop left it before measuring at half the rate.
        await store.WaitForNonStaleProjectionDataAsync(LongestCatchUp);

        var rate = maximum / 2;
        await using var dataSource = NpgsqlDataSource.Create(database);
        var samples = new List<Sample>();
        using var stopProbe = new CancellationTokenSource();
        clock.Restart();
        var probe = Task.Run(() => ProbeAsync(dataSource, shards, clock, samples, stopProbe.Token));
        var writes = new ConcurrentBag<(string Kind, double Answered, bool Ok)>();
        var running = new List<Task>();
        var sent = 0L;
        using (var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await ticks.WaitForNextTickAsync();
                // Open loop: writes are due at the fixed rate whether or not earlier ones have answered.
                for (var due = (long)(clock.Elapsed.TotalSeconds * rate); sent < due; sent++)
                {
                    var kind = schedule[sent % schedule.Length];
                    running.Add(Task.Run(async () =>
                    {
                        var outcome = await SendAsync(traffic, kind);
                        writes.Add((outcome.Kind, clock.Elapsed.TotalSeconds, outcome.Ok));
                    }));
                }
                running.RemoveAll(t => t.IsCompleted);
            }
            await Task.WhenAll(running);
        }
        var lastAnswer = clock.Elapsed.TotalSeconds;
        // Until the projections pass the newest event stored when the last write was answered (bounded).
        while (clock.Elapsed.TotalSeconds < lastAnswer + LongestCatchUp.TotalSeconds)
        {
            await Task.Delay(100);
            lock (samples)
            {
                var stored = samples.FirstOrDefault(s => s.Started >= lastAnswer);
                if (stored is not null && samples[^1].Projected >= stored.Newest) break;
            }
        }
        await stopProbe.CancelAsync();
        await probe;

        var measured = writes.Where(w => w.Ok && WriteKinds.Contains(w.Kind)).OrderBy(w => w.Answered).ToList();
        var lags = new List<double>();
        var notReached = 0;
        foreach (var write in measured)
        {
            // The first probe sent after the answer sees the write's events; the first that sees them processed ends the lag.
            var stored = samples.FirstOrDefault(s => s.Started >= write.Answered);
            var projected = stored is null ? null : samples.FirstOrDefault(s => s.Started >= stored.Started && s.Projected >= stored.Newest);
            if (projected is null) { notReached++; continue; }
            lags.Add((projected.At - write.Answered) * 1000);
        }
        Console.WriteLine($"Open loop at {rate:N0} writes/s for {seconds} s: {sent:N0} sent, {measured.Count:N0} writes answered 2xx " +
            $"({writes.Count(w => !w.Ok)} not, {writes.Count(w => w.Ok && !WriteKinds.Contains(w.Kind))} with nothing to act on yet); " +
            $"{samples.Count:N0} probes");
        if (lags.Count == 0)
        {
            Console.WriteLine("No write to measure.");
            return 1;
        }
        var p95 = Percentile(lags, 0.95);
        Console.WriteLine($"Lag from a write's answer until every async projection has processed it: {Latencies.Describe(lags)}   " +
            $"max {lags.Max(),7:F1} ms; {notReached} not processed within {LongestCatchUp.TotalSeconds:N0} s");
        Console.WriteLine($"Goal p95 < 1 s: {(p95 < 1000 && notReached == 0 ? "met" : "NOT met")}; load average {LoadAverage()}");
        return 0;
    }

    private static async Task<(string Kind, bool Ok)> SendAsync(SoakTraffic traffic, string kind)
    {
        try
        {
            var outcome = await traffic.SendAsync(kind);
            return (outcome.Kind, outcome.Status is >= 200 and < 300);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (kind, false);
        }
    }

    private static async Task ProbeAsync(NpgsqlDataSource dataSource, string[] shards, Stopwatch clock, List<Sample> samples, CancellationToken stop)
    {
        const string schema = DatabaseConfiguration.SchemaName;
        // Shards that have not written their first progression row yet count as having processed nothing.
        var sql = $"""
            select (select coalesce(max(seq_id), 0) from {schema}.mt_events),
                   (select case when count(*) = $2 then min(last_seq_id) else 0 end from {schema}.mt_event_progression where name = any($1))
            """;
        await using var connection = await dataSource.OpenConnectionAsync(stop);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(shards);
        command.Parameters.AddWithValue((long)shards.Length);
        await command.PrepareAsync(stop);
        using var ticks = new PeriodicTimer(ProbeEvery);
        try
        {
            while (await ticks.WaitForNextTickAsync(stop))
            {
                var started = clock.Elapsed.TotalSeconds;
                await using var reader = await command.ExecuteReaderAsync(stop);
                await reader.ReadAsync(stop);
                // Both sequences were true at some moment between the probe's start and its answer.
                var sample = new Sample(started, clock.Elapsed.TotalSeconds, reader.GetInt64(0), reader.GetInt64(1));
                lock (samples) samples.Add(sample);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
