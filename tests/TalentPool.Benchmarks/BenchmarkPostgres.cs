using TalentPool.Hosting;

namespace TalentPool.Benchmarks;

/// <summary>TALENTPOOL_BENCH_POSTGRES if set, else a throwaway local cluster removed afterwards.</summary>
public sealed class BenchmarkPostgres : IAsyncDisposable
{
    private readonly string _server;
    private readonly Action _dispose;

    private BenchmarkPostgres(string server, string description, Action dispose, string? dataDirectory = null)
    {
        _server = server;
        Description = description;
        _dispose = dispose;
        _dataDirectory = dataDirectory;
    }

    private readonly string? _dataDirectory;

    public string Description { get; }

    /// <summary>
    /// CPU seconds the throwaway cluster has used so far (the postmaster, the backends it reaped, and those alive): work done,
    /// whatever else loads the machine. Null for a configured server.
    /// </summary>
    public double? CpuSeconds()
    {
        if (_dataDirectory is null) return null;
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_dataDirectory, "postmaster.pid")).First());
        var ticks = Ticks(postmaster, withReapedChildren: true);
        foreach (var process in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsDigit)))
        {
            try
            {
                var fields = Fields(int.Parse(process!));
                if (fields is not null && fields[1] == postmaster.ToString()) ticks += Ticks(int.Parse(process!), withReapedChildren: false);
            }
            catch (IOException) { } // ended meanwhile
        }
        return ticks / 100.0; // USER_HZ

        static string[]? Fields(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // from the state on: [1] = ppid, [11..14] = utime, stime, cutime, cstime
        }
        static long Ticks(int pid, bool withReapedChildren)
        {
            var fields = Fields(pid)!;
            return long.Parse(fields[11]) + long.Parse(fields[12]) + (withReapedChildren ? long.Parse(fields[13]) + long.Parse(fields[14]) : 0);
        }
    }

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
        }, cluster.DataDirectory);
    }

    public Task<string> CreateDatabaseAsync(string name) => PostgresDatabases.EnsureAsync(_server, name);

    public ValueTask DisposeAsync()
    {
        _dispose();
        return ValueTask.CompletedTask;
    }
}
