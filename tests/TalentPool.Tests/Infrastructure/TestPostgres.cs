using TalentPool.Hosting;
using Testcontainers.PostgreSql;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run, found in this order: the connection string in
/// TALENTPOOL_TEST_POSTGRES (a server where the tests may create databases); a Testcontainers
/// container when a Docker engine answers; otherwise a throwaway local cluster in a temporary
/// folder, removed when the run ends.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string EnvironmentVariable = "TALENTPOOL_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly Func<ValueTask> _dispose;

    private TestPostgres(string serverConnectionString, Func<ValueTask> dispose)
    {
        _serverConnectionString = serverConnectionString;
        _dispose = dispose;
    }

    public static async Task<TestPostgres> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return new TestPostgres(configured, () => ValueTask.CompletedTask);

        return await TryContainerAsync() ?? StartLocalCluster();
    }

    /// <summary>A new, empty database on the server: each test class that needs a clean store gets its own.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) =>
        PostgresDatabases.EnsureAsync(_serverConnectionString, $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant());

    public ValueTask DisposeAsync() => _dispose();

    private static async Task<TestPostgres?> TryContainerAsync()
    {
        PostgreSqlContainer container;
        try
        {
            container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        }
        catch (Exception e) when (e.GetType().Name == "DockerUnavailableException")
        {
            return null;
        }
        await container.StartAsync();
        return new TestPostgres(container.GetConnectionString(), container.DisposeAsync);
    }

    private static TestPostgres StartLocalCluster()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"talentpool-test-{Guid.NewGuid():N}");
        var cluster = LocalPostgresCluster.Start(Path.Combine(folder, "data"), LocalPostgresCluster.FreePort(), _ => { }, durable: false);
        return new TestPostgres(cluster.ConnectionString("postgres"), () =>
        {
            cluster.Stop();
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        });
    }
}
