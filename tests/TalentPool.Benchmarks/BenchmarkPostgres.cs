using TalentPool.Hosting;

namespace TalentPool.Benchmarks;

/// <summary>TALENTPOOL_BENCH_POSTGRES if set, else a throwaway local cluster removed afterwards.</summary>
public sealed class BenchmarkPostgres : IAsyncDisposable
{
    private readonly string _server;
    private readonly Action _dispose;

    private BenchmarkPostgres(string server, string description, Action dispose)
    {
        _server = server;
        Description = description;
        _dispose = dispose;
    }

    public string Description { get; }

    public static Task<BenchmarkPostgres> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("TALENTPOOL_BENCH_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured)) return Task.FromResult(new BenchmarkPostgres(configured, "from TALENTPOOL_BENCH_POSTGRES", () => { }));

        var folder = Path.Combine(Path.GetTempPath(), $"talentpool-bench-{Guid.NewGuid():N}");
        var cluster = LocalPostgresCluster.Start(folder, LocalPostgresCluster.FreePort(), _ => { }, durable: false);
        return Task.FromResult(new BenchmarkPostgres(cluster.ConnectionString("postgres"), $"throwaway local cluster on port {cluster.Port}", () =>
        {
            cluster.Stop();
            Directory.Delete(folder, recursive: true);
        }));
    }

    public Task<string> CreateDatabaseAsync(string name) => PostgresDatabases.EnsureAsync(_server, name);

    public ValueTask DisposeAsync()
    {
        _dispose();
        return ValueTask.CompletedTask;
    }
}
