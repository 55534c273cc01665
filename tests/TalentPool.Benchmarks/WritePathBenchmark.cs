namespace TalentPool.Benchmarks;

public static class WritePathBenchmark
{
    public static async Task Main(string[] args)
    {
        // `--scenario statements`: statement read latency against a region's history (StatementReadBenchmark).
        if (Text("--scenario", "write-path") == "statements")
        {
            await StatementReadBenchmark.RunAsync(Number("--reads", 200), Text("--sizes", "0,1000,5000,15000"), Text("--kinds", "both"));
            return;
        }
        // `--scenario reads`: search and dashboard latency at 10k, 100k, 1M talents (ReadsAtScaleBenchmark).
        if (Text("--scenario", "registrations") == "reads")
        {
            await ReadsAtScaleBenchmark.RunAsync(Text("--sizes", "10000,100000,1000000"), Argument("--reads", 200), Argument("--concurrency", 8));
            return;
        }
        // `--scenario rebuild`: rebuilding every projection against reading the same events (RebuildBenchmark).
        if (Text("--scenario", "registrations") == "rebuild")
        {
            await RebuildBenchmark.RunAsync(Argument("--talents", 100000));
            return;
        }

        if (Text("--scenario", "write-path") == "tokens")
        {
            TokenMintingBenchmark.Run(Number("--tokens", 20_000));
            return;
        }

        // Default: the write-path matrix of issue #14 (WriteMatrix).
        await WriteMatrix.RunAsync(
            Text("--operations", "registrations,hires").Split(','),
            [.. Text("--clients", "1,8,32").Split(',').Select(int.Parse)],
            Text("--targets", "a,b,c,service").Split(','),
            TimeSpan.FromSeconds(Number("--seconds", 5)),
            Number("--repeat", 1),
            Text("--without-indexes-of", "").Split(',', StringSplitOptions.RemoveEmptyEntries));

        string Text(string name, string fallback) =>
            Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;

        int Number(string name, int fallback) => int.TryParse(Text(name, ""), out var value) ? value : fallback;
    }
}
