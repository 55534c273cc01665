using System.Diagnostics;
using JasperFx.Events.Projections;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting.Crashes;

/// <summary>
/// The async projections as the database shows them, whichever node runs them: how far each got (Marten's progression
/// table) and which node Wolverine assigned it to (Wolverine's assignment table).
/// </summary>
public static class AsyncProjections
{
    private const string Schema = DatabaseConfiguration.SchemaName;

    /// <summary>
    /// The store's async projections, read from the store's own configuration (no database is reached), so a projection
    /// added or renamed is watched by the crash and several-node tests without anyone listing it here.
    /// </summary>
    public static readonly string[] Names = AsyncProjectionNames();

    private static string[] AsyncProjectionNames()
    {
        using var store = TalentPoolStores.For("Host=configuration-only");
        return store.Options.Projections.All.Where(projection => projection.Lifecycle == ProjectionLifecycle.Async)
            .Select(projection => projection.Name).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The event subscriptions that are no projection: the daemon runs and distributes them as it does projections.</summary>
    public static readonly string[] Subscriptions = [TalentPool.Webhooks.WebhookDispatch.Name, TalentPool.Sync.CountyRateRelay.Name];

    /// <summary>Waits until every async projection has processed the newest stored event; how long that took.</summary>
    public static Task<TimeSpan> CatchUpAsync(NpgsqlDataSource dataSource, TimeSpan bound, params ServiceProcess[] nodes) =>
        WaitUntilAsync(dataSource, bound, "caught up with the newest event", nodes, async () => await CountAsync(dataSource, $"""
            select count(*) from unnest($1::text[]) as projection(name)
            left join {Schema}.mt_event_progression p on p.name = projection.name || ':All'
            where coalesce(p.last_seq_id, 0) < (select coalesce(max(seq_id), 0) from {Schema}.mt_events)
            """, (object)Names) == 0);

    /// <summary>Waits until every async projection has processed events beyond <paramref name="sequence"/>; how long that took.</summary>
    public static Task<TimeSpan> AdvancedBeyondAsync(NpgsqlDataSource dataSource, long sequence, TimeSpan bound, params ServiceProcess[] nodes) =>
        WaitUntilAsync(dataSource, bound, $"advanced beyond event {sequence}", nodes, async () => await CountAsync(dataSource, $"""
            select count(*) from unnest($1::text[]) as projection(name)
            left join {Schema}.mt_event_progression p on p.name = projection.name || ':All'
            where coalesce(p.last_seq_id, 0) <= $2
            """, (object)Names, sequence) == 0);

    /// <summary>Waits until <paramref name="done"/> holds, polling; the failure names what the database and the nodes' logs show.</summary>
    public static async Task<TimeSpan> WaitUntilAsync(NpgsqlDataSource dataSource, TimeSpan bound, string what, ServiceProcess[] nodes, Func<Task<bool>> done)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > bound)
            {
                var logs = nodes.Select((node, i) => $"node {i + 1}'s agent log:{Environment.NewLine}{string.Join(Environment.NewLine, AgentLog(node).TakeLast(40))}");
                throw new ShouldAssertException($"The async projections were not {what} within {bound}: {await DescribeAsync(dataSource)}" +
                    $"{Environment.NewLine}{string.Join(Environment.NewLine, logs)}");
            }
            await Task.Delay(20);
        }
        return waited.Elapsed;
    }

    /// <summary>The event the slowest async projection has reached, and the newest event stored.</summary>
    public static async Task<(long Projected, long Stored)> ProjectedAndStoredAsync(NpgsqlDataSource dataSource) =>
        (await CountAsync(dataSource, $"""
             select min(coalesce(p.last_seq_id, 0)) from unnest($1::text[]) as projection(name)
             left join {Schema}.mt_event_progression p on p.name = projection.name || ':All'
             """, (object)Names),
         await StoredAsync(dataSource));

    public static async Task<long> StoredAsync(NpgsqlDataSource dataSource) =>
        await CountAsync(dataSource, $"select coalesce(max(seq_id), 0) from {Schema}.mt_events");

    /// <summary>
    /// Wolverine's assignment table for the async projections: each projection's agent (<c>event-subscriptions://…/name/all</c>)
    /// and the node it is assigned to; a projection assigned to no node is missing.
    /// </summary>
    public static async Task<Dictionary<string, Guid>> AssignmentsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"select id, node_id from {Schema}.wolverine_node_assignments where id like 'event-subscriptions://%'");
        await using var reader = await command.ExecuteReaderAsync();
        var assignments = new Dictionary<string, Guid>();
        while (await reader.ReadAsync())
        {
            var agent = reader.GetString(0);
            var name = Names.SingleOrDefault(name => agent.EndsWith($"/{name.ToLowerInvariant()}/all", StringComparison.Ordinal));
            if (name is not null) assignments[name] = reader.GetGuid(1);
        }
        return assignments;
    }

    /// <summary>
    /// Every event subscription agent assigned to a node, by its URI (<c>event-subscriptions://marten/main/{database}/{name}/all</c>):
    /// with regions in databases of their own each projection has an agent per database.
    /// </summary>
    public static async Task<Dictionary<string, Guid>> AgentsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"select id, node_id from {Schema}.wolverine_node_assignments where id like 'event-subscriptions://%'");
        await using var reader = await command.ExecuteReaderAsync();
        var agents = new Dictionary<string, Guid>();
        while (await reader.ReadAsync()) agents[reader.GetString(0)] = reader.GetGuid(1);
        return agents;
    }

    /// <summary>Whether an agent's URI is of the database named <paramref name="databaseName"/> (its database segment ends with the name).</summary>
    public static bool IsOfDatabase(string agent, string databaseName) =>
        new Uri(agent).Segments is [_, _, var database, ..] && database.TrimEnd('/').EndsWith(databaseName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The node holding Wolverine's leadership, from the assignment table.</summary>
    public static async Task<Guid?> LeaderAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"select node_id from {Schema}.wolverine_node_assignments where id = 'wolverine://leader/'");
        return await command.ExecuteScalarAsync() is Guid leader ? leader : null;
    }

    /// <summary>Every projection's progress, the newest event, the nodes and what each is assigned: for a failure's message.</summary>
    public static async Task<string> DescribeAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"select name || '=' || last_seq_id from {Schema}.mt_event_progression where {ProjectionProgressRows.ProgressOnly} union all select 'max=' || max(seq_id) from {Schema}.mt_events " +
            $"union all select 'nodes=' || string_agg(id::text || ' last beat ' || health_check::text, ', ') from {Schema}.wolverine_nodes " +
            $"union all select 'agents=' || string_agg(node_id::text || ':' || id, ', ') from {Schema}.wolverine_node_assignments");
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.IsDBNull(0) ? "null" : reader.GetString(0));
        return string.Join("; ", rows);
    }

    /// <summary>The node's Wolverine node id, from its log's "Starting agents for Node …" line.</summary>
    public static Guid NodeIdOf(ServiceProcess node)
    {
        const string marker = "Starting agents for Node ";
        var line = node.Log().First(line => line.Contains(marker, StringComparison.Ordinal));
        return Guid.Parse(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0]);
    }

    /// <summary>The lines of a node's log about agents and projections (the service runs with Wolverine's and Marten's agent logs on).</summary>
    public static IEnumerable<string> AgentLog(ServiceProcess node) =>
        node.Log().Where(line => line.Contains("agent", StringComparison.OrdinalIgnoreCase) || line.Contains("leader", StringComparison.OrdinalIgnoreCase)
            || line.Contains("stale", StringComparison.OrdinalIgnoreCase) || line.Contains("settles", StringComparison.OrdinalIgnoreCase));

    /// <summary>The service's logging for these tests: Wolverine's agent assignment and Marten's daemon, one line each, timed by the node.</summary>
    public static readonly IReadOnlyDictionary<string, string> AgentLogging = new Dictionary<string, string>
    {
        // The readable console lines, timed (Production's default is JSON lines, which these checks do not parse).
        ["Logging__Format"] = "text",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = TimestampFormat + " ",
        ["Logging__LogLevel__Wolverine.Runtime"] = "Information",
        ["Logging__LogLevel__Wolverine.Runtime.Agents"] = "Debug",
        ["Logging__LogLevel__Marten.Events.Daemon"] = "Information",
        ["Logging__LogLevel__JasperFx.Events.Daemon"] = "Information",
    };

    /// <summary>How a node times its log lines (UTC): as long as what it writes, so a line's time is its first characters.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff";

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
