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

    public static async Task<BenchmarkPostgres> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("TALENTPOOL_BENCH_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured)) return new BenchmarkPostgres(configured, "from TALENTPOOL_BENCH_POSTGRES", () => { });

        var folder = Path.Combine(Path.GetTempPath(), $"talentpool-bench-{Guid.NewGuid():N}");
        var port = LocalPostgresCluster.FreePort();
        var cluster = LocalPostgresCluster.Start(folder, port, _ => { }, durable: false);
        // The write-path matrix runs the service (its pool, its projection agents) beside 32-connection baselines:
        // PostgreSQL's default of 100 connections is too few. Set, then restarted to take effect.
        await using (var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var raise = new Npgsql.NpgsqlCommand("alter system set max_connections = 300", connection);
            await raise.ExecuteNonQueryAsync();
        }
        cluster.Stop();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the pooled connection died with the server
        cluster = LocalPostgresCluster.Start(folder, port, _ => { }, durable: false);
        return new BenchmarkPostgres(cluster.ConnectionString("postgres"), $"throwaway local cluster on port {cluster.Port}", () =>
        {
            cluster.Stop();
            Directory.Delete(folder, recursive: true);
        });
    }

    public Task<string> CreateDatabaseAsync(string name) => PostgresDatabases.EnsureAsync(_server, name);

    public ValueTask DisposeAsync()
    {
        _dispose();
        return ValueTask.CompletedTask;
    }
}
