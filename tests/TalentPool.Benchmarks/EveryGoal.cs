namespace TalentPool.Benchmarks;

// `--scenario all`: every figure issue #14 asks for (and #16's matching latency), one scenario after the other, each
// printing its own baselines from its own run and its ratio. It re-enters the scenarios through their command lines, so
// what runs here is exactly what the README's per-scenario commands run.
// From an empty benchmark server this seeds every data set first (about 40 GB and hours, the 10M-event history most of
// it); with TALENTPOOL_BENCH_POSTGRES naming a server that keeps them, the sets are reused and only the measuring runs.
public static class EveryGoal
{
    public static async Task<int> RunAsync(Func<string[], Task<int>> scenario, string databasePrefix, bool withSoak)
    {
        string[][] steps =
        [
            // 1. Write path: registrations and hires at 1, 8, 32 clients against (a), (b), (c).
            ["--clients", "1,8,32"],
            // 2. Reads at scale: search at 10k/100k/1M talents (p95 < 50 ms at 1M) ...
            ["--scenario", "search", "--sizes", "10000,100000,1000000", "--database-prefix", databasePrefix],
            // ... each dashboard at 10k talents and at more than 10M events (p99 within 1.5×) ...
            ["--scenario", "reads", "--sizes", "10000,44000x1000", "--only", "partner,municipality,region"],
            // ... statements (bounded whatever the history) and matching at 10k/100k/1M (#16).
            ["--scenario", "statements"],
            ["--scenario", "matching", "--sizes", "10000,100000,1000000", "--database-prefix", databasePrefix],
            // 3. Projection rebuild from ≥ 1M events against reading them; daemon lag at half the maximum write rate.
            ["--scenario", "rebuild", "--talents", "1000000"],
            ["--scenario", "lag", "--seconds", "60"],
            // 4. The data generator: bulk seeding against sessions.
            ["--scenario", "seeding", "--talents", "30000"],
        ];
        if (withSoak)
            steps = [.. steps, ["--scenario", "soak", "--minutes", "10"]];

        var failed = 0;
        foreach (var step in steps)
        {
            Console.WriteLine();
            Console.WriteLine($"=== {string.Join(' ', step)} ({DateTime.UtcNow:HH:mm:ss} UTC) ===");
            failed += await scenario(step) == 0 ? 0 : 1;
        }
        Console.WriteLine();
        Console.WriteLine(failed == 0 ? "Every scenario ran." : $"{failed} scenario(s) reported a failure (above).");
        return failed == 0 ? 0 : 1;
    }
}
