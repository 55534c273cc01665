using TalentPool.Seeding;
namespace TalentPool.Benchmarks;

public static class WritePathBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        switch (Text("--scenario", "write-path"))
        {
            // Statement read latency against a region's history (StatementReadBenchmark).
            case "statements":
                await StatementReadBenchmark.RunAsync(Number("--reads", 200), Text("--sizes", "0,1000,5000,15000"), Text("--kinds", "both"));
                return 0;
            // Search and dashboard latency at 10k, 100k, 1M talents (ReadsAtScaleBenchmark).
            case "reads":
                await ReadsAtScaleBenchmark.RunAsync(
                    Text("--sizes", "10000,100000,1000000"), Number("--reads", 200), Number("--concurrency", 8), Text("--only", ""));
                return 0;
            // One partner's dashboard counts document built in-process from a `reads` database's events (PartnerDocumentBenchmark).
            case "partner-document":
                await PartnerDocumentBenchmark.RunAsync(Text("--sizes", "10000"), Number("--partner", 0));
                return 0;
            // Shared-talent search alone at 10k, 100k, 1M talents, the base bulk-loaded (SearchAtScaleBenchmark).
            case "search":
                await SearchAtScaleBenchmark.RunAsync(Text("--sizes", "10000,100000,1000000"), Number("--reads", 200), Number("--concurrency", 8), Text("--database-prefix", "bench"),
                    Text("--only", ""), !args.Contains("--no-explain"));
                return 0;
            // Matching: a vacancy's ranking and a talent's own view at 10k, 100k, 1M talents (MatchingAtScaleBenchmark).
            case "matching":
                await MatchingAtScaleBenchmark.RunAsync(Text("--sizes", "10000,100000,1000000"), Number("--reads", 200), Number("--concurrency", 8), Text("--database-prefix", "bench"));
                return 0;
            // Rebuilding every projection against reading the same events (RebuildBenchmark).
            case "rebuild":
                await RebuildBenchmark.RunAsync(Number("--talents", 100000), Number("--max-concurrent", 0), Text("--projections", ""), args.Contains("--seed-only"), args.Contains("--daemon-only"), args.Contains("--side-by-side"));
                return 0;
            // Bounded mixed traffic at a fixed rate; exits 1 unless memory and latency stay flat (SoakBenchmark).
            case "soak":
                return await SoakBenchmark.RunAsync(
                    double.Parse(Text("--minutes", "10"), System.Globalization.CultureInfo.InvariantCulture), Number("--rate", 50));
            // The demo data generator: sessions (before) against the bulk loader (SeedingBenchmark).
            case "seeding":
                await SeedingBenchmark.RunAsync(Number("--talents", 10000), Number("--years", 2), Number("--activity", 1), Text("--paths", "generate,sessions,bulk").Split(','),
                    Number("--batch", BulkDemoDataSeeder.EventsPerBatch));
                return 0;
            // The async daemon's lag at half the maximum mixed write rate (LagBenchmark).
            case "lag":
                return await LagBenchmark.RunAsync(Number("--seconds", 60), Number("--clients", 16), Number("--probe-seconds", 15));
            // Every figure of issue #14 (and #16's matching), one scenario after the other (EveryGoal).
            case "all":
                return await EveryGoal.RunAsync(Main, Text("--database-prefix", "bench"), args.Contains("--with-soak"));
            case "tokens":
                TokenMintingBenchmark.Run(Number("--tokens", 20_000));
                return 0;
        }

        // Default: the write-path matrix of issue #14 (WriteMatrix).
        await WriteMatrix.RunAsync(
            Text("--operations", "registrations,hires").Split(','),
            [.. Text("--clients", "1,8,32").Split(',').Select(int.Parse)],
            Text("--targets", "a,b,c,service").Split(','),
            TimeSpan.FromSeconds(Number("--seconds", 5)),
            Number("--repeat", 1),
            Text("--without-indexes-of", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Text("--variants", WriteVariants.AsIs).Split(','),
            args.Contains("--sql-stats"),
            args.Contains("--wal-detail"));
        return 0;

        string Text(string name, string fallback) =>
            Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;

        int Number(string name, int fallback) => int.TryParse(Text(name, ""), out var value) ? value : fallback;
    }
}
