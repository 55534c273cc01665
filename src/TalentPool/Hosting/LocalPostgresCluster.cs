using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TalentPool.Hosting;

/// <summary>
/// A PostgreSQL cluster on this machine, started from the server binaries: the service's embedded
/// default when no connection string is configured, and the tests' throwaway database when neither
/// a connection string nor Docker is at hand. PostgreSQL refuses to run as root, so as root every
/// server command runs as the <c>postgres</c> user on a folder that user owns.
/// </summary>
public sealed class LocalPostgresCluster
{
    private const string ServiceUser = "postgres";
    private readonly string _dataDirectory;
    private readonly int _port;
    private readonly string _binDirectory;

    private readonly bool _durable;

    private LocalPostgresCluster(string dataDirectory, int port, string binDirectory, bool durable)
    {
        _dataDirectory = dataDirectory;
        _port = port;
        _binDirectory = binDirectory;
        _durable = durable;
    }

    public string DataDirectory => _dataDirectory;
    public int Port => _port;

    /// <summary>
    /// Initialises the cluster if the folder is empty and starts it unless it already runs. The service's
    /// own cluster is <paramref name="durable"/>: a write it acknowledged survives a crash of PostgreSQL.
    /// A throwaway cluster (tests, benchmarks) may trade that for speed: its data dies with it anyway.
    /// </summary>
    public static LocalPostgresCluster Start(string dataDirectory, int port, Action<string> log, bool durable = true)
    {
        var cluster = new LocalPostgresCluster(Path.GetFullPath(dataDirectory), port, FindOrInstallBinaries(log), durable);
        cluster.InitialiseIfEmpty(log);
        cluster.StartIfStopped(log);
        return cluster;
    }

    /// <summary>
    /// A loopback port nothing listens on, for a process started next to listen on. Chosen at random below the kernel's
    /// ephemeral range, not by binding port 0: the kernel hands its ephemeral ports to outgoing connections too, so one it
    /// gave out and got back could be taken by any connection (a database client of a test running beside) before the
    /// process listens on it — a test that failed now and then on a loaded machine, by its port.
    /// </summary>
    public static int FreePort()
    {
        var below = EphemeralPortsStart();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Math.Max(1024, below - 12_000), below);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another one.
            }
        }
        using var anyListener = new TcpListener(IPAddress.Loopback, 0);
        anyListener.Start();
        return ((IPEndPoint)anyListener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: ip_local_port_range; elsewhere IANA's 49152).</summary>
    private static int EphemeralPortsStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (range.Length > 0 && int.TryParse(range[0], out var start) && start > 2048) return start;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 49152;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = ServiceUser,
        Database = database,
    }.ConnectionString;

    public Task<string> EnsureDatabaseAsync(string database, CancellationToken cancellation = default) =>
        PostgresDatabases.EnsureAsync(ConnectionString("postgres"), database, cancellation);

    public void Stop() => Run(PgCtl, ["stop", "-D", _dataDirectory, "-m", "fast", "-w"], asServiceUser: true, allowFailure: true);

    /// <summary>Stops the server as a crash would: at once, without a checkpoint; the next start recovers from the WAL.</summary>
    public void Crash() => Run(PgCtl, ["stop", "-D", _dataDirectory, "-m", "immediate", "-w"], asServiceUser: true, allowFailure: true);

    private static string PgCtl => "pg_ctl";

    private void InitialiseIfEmpty(Action<string> log)
    {
        if (File.Exists(Path.Combine(_dataDirectory, "PG_VERSION"))) return;

        log($"Initialising a local PostgreSQL cluster in {_dataDirectory}");
        Directory.CreateDirectory(_dataDirectory);
        GiveToServiceUser(_dataDirectory);
        Run("initdb", ["-D", _dataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asServiceUser: true);
    }

    private void StartIfStopped(Action<string> log)
    {
        // pg_ctl status exits with 3 when no server runs on that folder.
        if (Run(PgCtl, ["status", "-D", _dataDirectory], asServiceUser: true, allowFailure: true) == 0) return;

        var socketDirectory = Path.Combine(_dataDirectory, "sockets");
        Directory.CreateDirectory(socketDirectory);
        GiveToServiceUser(socketDirectory);
        log($"Starting local PostgreSQL on 127.0.0.1:{_port}");
        var options = $"-p {_port} -k {socketDirectory} -c listen_addresses=127.0.0.1"
            // A throwaway cluster (tests, benchmarks) also serves many service hosts at once, each with its pool and
            // Wolverine's agents: PostgreSQL's default of 100 connections ran out once the suite passed 500 tests.
            + (_durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
        var serverLog = Path.Combine(_dataDirectory, "server.log");
        if (Run(PgCtl, ["start", "-D", _dataDirectory, "-w", "-t", "60", "-l", serverLog, "-o", options], asServiceUser: true, allowFailure: true) != 0)
        {
            var lastLines = File.Exists(serverLog) ? string.Join(Environment.NewLine, File.ReadLines(serverLog).TakeLast(5)) : "(no server log)";
            throw new InvalidOperationException(
                $"The local PostgreSQL in {_dataDirectory} did not start on 127.0.0.1:{_port}. If another server holds that port, " +
                $"set LocalPostgres:Port (or ConnectionStrings:TalentPool). Server log:{Environment.NewLine}{lastLines}");
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void GiveToServiceUser(string path)
    {
        if (IsRoot) RunProcess("chown", ["-R", $"{ServiceUser}:{ServiceUser}", path]);
    }

    private int Run(string tool, string[] arguments, bool asServiceUser, bool allowFailure = false)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return asServiceUser && IsRoot
            ? RunProcess("runuser", ["-u", ServiceUser, "--", executable, .. arguments], allowFailure)
            : RunProcess(executable, arguments, allowFailure);
    }

    private static int RunProcess(string fileName, string[] arguments, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Run from a folder the postgres user can read, or initdb complains about the cwd.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {error.Result}{output.Result}");
        }
        return process.ExitCode;
    }

    private static string FindOrInstallBinaries(Action<string> log)
    {
        var found = FindBinaries();
        if (found is not null) return found;

        if (!IsRoot)
        {
            throw new InvalidOperationException(
                "No PostgreSQL server binaries found under /usr/lib/postgresql. Install them (apt-get install postgresql) or configure ConnectionStrings:TalentPool.");
        }

        log("PostgreSQL server binaries are missing; installing them with apt-get");
        RunProcess("apt-get", ["update", "-qq"]);
        RunProcess("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"]);
        return FindBinaries() ?? throw new InvalidOperationException("apt-get installed postgresql, but no pg_ctl was found.");
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }
}
