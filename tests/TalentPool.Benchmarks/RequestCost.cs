using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace TalentPool.Benchmarks;

/// <summary>
/// Where a read's time goes, measured in the run that measures its latency: the CPU the benchmark's process spent per
/// request (the service and the load generator's clients: they share the process), the CPU the database's backends spent
/// per request (PostgreSQL on this machine: its backends of this database, read from /proc), requests per second, and
/// what one request sends to PostgreSQL (round trips, statements, each statement's own time and buffers by
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> run once alone) and answers (bytes).
/// </summary>
public sealed record RequestCost(double ProcessCpuMs, double? PostgresCpuMs, double RequestsPerSecond)
{
    public string Describe() =>
        $"{RequestsPerSecond,5:F0} req/s   CPU per request: process {ProcessCpuMs,5:F2} ms, PostgreSQL {(PostgresCpuMs is { } pg ? $"{pg,5:F2} ms" : "    ?")}";

    /// <summary>
    /// GET <paramref name="url"/> by <paramref name="concurrency"/> clients, a tenth as warm-up first (as
    /// <see cref="ReadsAtScaleBenchmark.MeasureAsync"/>), with the CPU of the measured reads alone.
    /// </summary>
    public static async Task<(List<double> Latencies, int Failed, RequestCost Cost)> MeasureAsync(
        HttpClient client, string url, int reads, int concurrency, string database)
    {
        await ReadsAtScaleBenchmark.ReadAsync(client, url, reads / 10, concurrency);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var processBefore = process.TotalProcessorTime;
        var postgresBefore = PostgresBackendCpu.Seconds(database);
        var wall = Stopwatch.StartNew();
        var (latencies, failed) = await ReadsAtScaleBenchmark.ReadAsync(client, url, reads, concurrency);
        wall.Stop();
        process.Refresh();
        var processMs = (process.TotalProcessorTime - processBefore).TotalMilliseconds / reads;
        double? postgresMs = PostgresBackendCpu.Seconds(database) is { } after && postgresBefore is { } before ? (after - before) * 1000 / reads : null;
        return (latencies, failed, new RequestCost(processMs, postgresMs, reads / wall.Elapsed.TotalSeconds));
    }

    /// <summary>
    /// Each statement of the captured round trips run once more under <c>EXPLAIN (ANALYZE, BUFFERS)</c>, with the same
    /// parameters, on its own connection: its execution time, its buffers (and how many were read from outside PostgreSQL's
    /// cache) and its plan's top node.
    /// </summary>
    /// <param name="sqlFile">Where the statements are written whole, with their parameters (to run them again by hand).</param>
    public static async Task<IReadOnlyList<string>> ExplainAsync(string database, SqlReplay replay, string? sqlFile = null)
    {
        var lines = new List<string>();
        if (sqlFile is not null)
        {
            await File.WriteAllTextAsync(sqlFile, string.Join("\n\n", replay.RoundTrips.SelectMany(r => r).Select(c =>
                $"{c.CommandText};\n-- parameters: {string.Join(" | ", c.Parameters.Cast<NpgsqlParameter>().Select(p => $"{p.ParameterName}={Show(p.Value)}"))}")));
        }
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var number = 0;
        foreach (var statement in replay.RoundTrips.SelectMany(r => r))
        {
            number++;
            // Only a query is explained: the session's own statements around it (a temporary table made, dropped) run as they
            // were sent, timed from here, so that the queries after them find what they read.
            if (!statement.CommandText.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase)
                && !statement.CommandText.TrimStart().StartsWith("with", StringComparison.OrdinalIgnoreCase))
            {
                await using var run = new NpgsqlCommand(statement.CommandText, connection);
                foreach (NpgsqlParameter parameter in statement.Parameters) run.Parameters.Add(parameter.Clone());
                var started = Stopwatch.GetTimestamp();
                await run.ExecuteNonQueryAsync();
                lines.Add($"statement {number}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds,7:F2} ms round trip (not a query): {Shorten(statement.CommandText)}");
                continue;
            }
            await using var explain = new NpgsqlCommand($"explain (analyze, buffers, format json) {statement.CommandText}", connection) { CommandTimeout = 0 };
            foreach (NpgsqlParameter parameter in statement.Parameters) explain.Parameters.Add(parameter.Clone());
            var json = (string)(await explain.ExecuteScalarAsync())!;
            var root = JsonDocument.Parse(json).RootElement[0];
            var plan = root.GetProperty("Plan");
            var hit = plan.TryGetProperty("Shared Hit Blocks", out var h) ? h.GetInt64() : 0;
            var read = plan.TryGetProperty("Shared Read Blocks", out var r) ? r.GetInt64() : 0;
            lines.Add($"statement {number}: {root.GetProperty("Execution Time").GetDouble(),7:F2} ms (planning {root.GetProperty("Planning Time").GetDouble():F2} ms), "
                + $"{hit + read:N0} buffers ({read:N0} read), {plan.GetProperty("Node Type").GetString()}, {plan.GetProperty("Actual Rows").GetDouble():N0} rows: {Shorten(statement.CommandText)}");
        }
        return lines;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        Array array => "{" + string.Join(",", array.Cast<object?>().Select(Show)) + "}",
        DateTimeOffset moment => moment.ToString("O"),
        DateTime moment => moment.ToString("O"),
        DateOnly day => day.ToString("yyyy-MM-dd"),
        _ => value.ToString() ?? "",
    };

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 110 ? flat[..110] + " …" : flat;
    }
}

/// <summary>The CPU seconds PostgreSQL's backends connected to one database have used, from /proc (a server on this machine).</summary>
public static class PostgresBackendCpu
{
    /// <summary>Null when no backend of the database is found (a server on another machine, or not Linux).</summary>
    public static double? Seconds(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !Directory.Exists("/proc")) return null;
        long ticks = 0;
        var found = false;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(folder);
            if (!pid.All(char.IsDigit)) continue;
            try
            {
                // A backend's title: "postgres: <user> <database> <client> <state>".
                var title = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains($" {name} ", StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
                found = true;
            }
            catch (IOException) { } // ended meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return found ? ticks / 100.0 : null; // USER_HZ
    }
}
