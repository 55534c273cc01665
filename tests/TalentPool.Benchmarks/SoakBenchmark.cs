using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;

namespace TalentPool.Benchmarks;

// Soak (`--scenario soak --minutes 10 --rate 50`): the real service (in this process, on Kestrel, loopback) against a
// throwaway PostgreSQL, driven at a fixed rate by a realistic mix (SoakTraffic.Mix) for a bounded time. Per window (a
// minute, or a sixth of a shorter run) it prints the requests, the statuses each kind did not expect, p50/p95/p99 per
// kind, and the process's working set and managed heap (its size at the last GC, which includes garbage not yet collected,
// and what is live after a full collection forced at the window's end); at the end a verdict: working set, live heap and
// p95 of the last windows against the first ones after the warm-up window, within the tolerances below. Exits 1 if not flat or if any request got a 5xx.
public static class SoakBenchmark
{
    /// <summary>Last windows against first: at most this much growth (relative, plus an absolute allowance for noise).</summary>
    private const double MemoryGrowth = 0.25, MemoryAllowanceMb = 32, LatencyGrowth = 0.5, LatencyAllowanceMs = 5;

    /// <summary>More requests in flight than this means the service is not keeping up: the soak stops being moderate.</summary>
    private const int MaxInFlight = 64;

    public static async Task<int> RunAsync(double minutes, int rate)
    {
        var duration = TimeSpan.FromMinutes(minutes);
        var window = minutes >= 3 ? TimeSpan.FromMinutes(1) : duration / 6;
        var windowCount = (int)Math.Round(duration / window);
        await using var postgres = await BenchmarkPostgres.StartAsync();
        var database = await postgres.CreateDatabaseAsync("bench_soak");
        Console.WriteLine($"PostgreSQL: {postgres.Description}; soak of {minutes} min at {rate} req/s, windows of {window.TotalSeconds:F0} s; " +
            $"{Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine("Memory is this process's: the service and the load client share it (the client keeps only ids and tokens).");
        Console.WriteLine($"Mix per 100 requests: {string.Join(", ", SoakTraffic.Mix.Select(m => $"{m.Kind} {m.Weight}"))}");

        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        await using var service = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host =>
        {
            host.UseSolutionRelativeContentRoot("src/TalentPool");
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:TalentPool", database);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            host.UseSetting("Logging:LogLevel:Default", "Warning");
            host.UseSetting("RateLimits:RegistrationsPerMinute", int.MaxValue.ToString()); // one address sends every registration
        });
        service.UseKestrel(0);
        service.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri(service.ClientOptions.BaseAddress, "/"), Timeout = TimeSpan.FromSeconds(30) };
        var traffic = new SoakTraffic(client, service.Services.GetRequiredService<TokenIssuer>());
        await traffic.SeedAsync();

        var schedule = SoakTraffic.Mix.SelectMany(m => Enumerable.Repeat(m.Kind, m.Weight)).OrderBy(_ => Random.Shared.Next()).ToArray();
        var windows = new List<SoakWindow>();
        var current = new SoakWindow(1);
        var inFlight = 0;
        var sent = 0L;
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10));

        while (windows.Count < windowCount)
        {
            await ticks.WaitForNextTickAsync();
            if (clock.Elapsed >= window * windows.Count + window)
            {
                windows.Add(current.Close(clock.Elapsed));
                Console.WriteLine(current.Report());
                current = new SoakWindow(windows.Count + 1);
                continue;
            }
            // Open loop: requests are due at the fixed rate whether or not earlier ones have answered.
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                var kind = schedule[sent % schedule.Length];
                if (Volatile.Read(ref inFlight) >= MaxInFlight) { current.Skipped(); continue; }
                Interlocked.Increment(ref inFlight);
                var into = current;
                running.Add(Task.Run(async () =>
                {
                    var started = Stopwatch.GetTimestamp();
                    try { into.Record(await traffic.SendAsync(kind), Stopwatch.GetElapsedTime(started)); }
                    catch (Exception e)
                    {
                        // No answer (timeout, connection refused), or an answer the client could not read: failed either way.
                        if (e is not (HttpRequestException or TaskCanceledException)) Console.Error.WriteLine($"{kind}: {e.GetType().Name}: {e.Message}");
                        into.Record(new SoakOutcome(kind, 0, false), Stopwatch.GetElapsedTime(started));
                    }
                    finally { Interlocked.Decrement(ref inFlight); }
                }));
            }
            running.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(running); // the last requests answer into the window that sent them
        return Verdict(windows) ? 0 : 1;
    }

    /// <summary>The first window warms up (JIT, pools, caches); the next quarter of the run is compared with the last quarter.</summary>
    private static bool Verdict(List<SoakWindow> windows)
    {
        var steady = windows.Skip(1).Where(w => w.Requests > 0).ToList();
        if (steady.Count < 2)
        {
            Console.WriteLine("Verdict: too short to compare (needs at least two windows after the warm-up window).");
            return windows.All(w => w.ServerErrors == 0);
        }
        var span = Math.Max(1, steady.Count / 4);
        var (first, last) = (steady.Take(span).ToList(), steady.TakeLast(span).ToList());
        string Names(List<SoakWindow> ws) => string.Join(",", ws.Select(w => w.Number));

        var checks = new List<(string What, double First, double Last, double Limit, string Unit)>
        {
            ("working set", first.Average(w => w.WorkingSetMb), last.Average(w => w.WorkingSetMb), 0, "MB"),
            ("live heap", first.Average(w => w.LiveHeapMb), last.Average(w => w.LiveHeapMb), 0, "MB"),
            ("p95, all kinds", SoakWindow.P95(first), SoakWindow.P95(last), 0, "ms"),
        };
        var flat = true;
        Console.WriteLine($"Verdict: windows {Names(last)} against windows {Names(first)} (window 1 is the warm-up):");
        foreach (var (what, before, after, _, unit) in checks)
        {
            var limit = unit == "MB" ? before * (1 + MemoryGrowth) + MemoryAllowanceMb : before * (1 + LatencyGrowth) + LatencyAllowanceMs;
            var ok = after <= limit;
            flat &= ok;
            Console.WriteLine($"  {what,-16} {before,9:F1} → {after,9:F1} {unit} ({(after / before - 1) * 100,6:+0.0;-0.0} %), limit {limit:F1} {unit}: {(ok ? "flat" : "GROWING")}");
        }
        var serverErrors = windows.Sum(w => w.ServerErrors);
        var skipped = windows.Sum(w => w.SkippedRequests);
        Console.WriteLine($"  5xx or no answer: {serverErrors}; requests not sent because {MaxInFlight} were in flight: {skipped}");
        var passed = flat && serverErrors == 0 && skipped == 0;
        Console.WriteLine(passed ? "FLAT: memory and latency held" : "NOT FLAT");
        return passed;
    }
}
