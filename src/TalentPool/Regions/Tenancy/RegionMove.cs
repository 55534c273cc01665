using Marten;
using Npgsql;
using TalentPool.Hosting;

namespace TalentPool.Regions.Tenancy;

/// <summary>What <c>move-region</c> did: rows copied to the target and removed from the source, per table, and whether it moved anything.</summary>
public sealed record RegionMoveResult(Guid RegionId, string Outcome, long Streams, long Events, long Documents, IReadOnlyDictionary<string, long> Tables);

/// <summary>
/// Copies a region's tenant — streams, events, every document (read models, inline and async, included) — from one database
/// to another of the same schema, then removes it from the first. The order makes it safe to stop at any point and run again:
/// <list type="number">
/// <item>the target's schema is applied; a target holding another region's events is refused;</item>
/// <item>in ONE transaction on the target: the region's streams, events (each keeps its sequence number, version, time and
/// metadata) and documents are copied with PostgreSQL's binary COPY (nothing of the installation's tenant: counties and
/// number claims stay in the shared database, where every region reads them), the target's event sequence is set past the source's,
/// and the source's projection progress is copied (each async read model was copied as it stood at that progress, so the
/// target's daemon goes on from exactly there: nothing skipped, nothing applied twice);</item>
/// <item>the region's rows are counted on both sides, table by table: any difference stops the move with the source intact;</item>
/// <item>in ONE transaction on the source: the region's documents, events and streams are deleted.</item>
/// </list>
/// A run that finds the target already holding the region and the source still holding the same rows (stopped between 3
/// and 4) only verifies and deletes; one that finds the source empty and the target holding the region says it is done.
/// </summary>
public static class RegionMove
{
    private const string Installation = RegionTenancy.InstallationTenant;

    /// <summary>The command's work: both databases' schemas applied, then the move (<see cref="RunAsync"/>).</summary>
    /// <param name="intoSharedDatabase">The target is the installation's shared database (a move back): its events since the region left took the numbers of the region's, so those are numbered anew.</param>
    public static async Task<RegionMoveResult> MoveAsync(
        IDocumentStore sourceStore, NpgsqlDataSource source, string targetConnectionString, Guid regionId, Action<string> say,
        bool intoSharedDatabase = false, CancellationToken cancellation = default)
    {
        await using var target = NpgsqlDataSource.Create(targetConnectionString);
        await sourceStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using (var targetStore = DocumentStore.For(options =>
               {
                   options.Connection(target);
                   options.ConfigureTalentPoolStore(target);
               }))
        {
            await targetStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }
        return await RunAsync(sourceStore, source, target, regionId, say, intoSharedDatabase, cancellation);
    }

    /// <summary>Whether two data sources reach one database (its name, server address and port).</summary>
    public static async Task<bool> SameDatabaseAsync(NpgsqlDataSource first, NpgsqlDataSource second, CancellationToken cancellation = default)
    {
        const string identity = "select current_database() || '@' || coalesce(host(inet_server_addr()), 'local') || ':' || coalesce(inet_server_port(), 0)";
        await using var one = await first.OpenConnectionAsync(cancellation);
        await using var other = await second.OpenConnectionAsync(cancellation);
        return (await IdsAsync(one, identity, cancellation))[0] == (await IdsAsync(other, identity, cancellation))[0];
    }

    public static async Task<RegionMoveResult> RunAsync(
        IDocumentStore sourceStore, NpgsqlDataSource source, NpgsqlDataSource target, Guid regionId, Action<string> say,
        bool intoSharedDatabase = false, CancellationToken cancellation = default)
    {
        var schema = sourceStore.Options.DatabaseSchemaName;
        var tenant = RegionTenancy.TenantOf(regionId);
        var regionTables = PreTenancyMigration.RegionDocumentTables(sourceStore);
        IReadOnlyList<string> tablesOfTheRegion = [$"{schema}.mt_streams", $"{schema}.mt_events", .. regionTables];

        await using var from = await source.OpenConnectionAsync(cancellation);
        await using var to = await target.OpenConnectionAsync(cancellation);
        var othersInTarget = await CountAsync(to, $"select count(*) from {schema}.mt_events where tenant_id not in ('{Installation}', '{tenant}')", cancellation) > 0;
        if (othersInTarget && !intoSharedDatabase)
        {
            throw new RegionMoveRefused("The target database holds another region's events: a region moves to a database of its own (or back to the shared one).");
        }

        var inSource = await CountsAsync(from, tablesOfTheRegion, tenant, cancellation);
        var inTarget = await CountsAsync(to, tablesOfTheRegion, tenant, cancellation);
        var sourceEvents = inSource[$"{schema}.mt_events"];
        var targetEvents = inTarget[$"{schema}.mt_events"];
        if (sourceEvents == 0 && targetEvents == 0) throw new RegionMoveRefused($"No region {regionId}: neither database holds events of its tenant.");
        if (sourceEvents == 0)
        {
            say($"Nothing to move: region {regionId} is in the target database ({targetEvents:N0} events) and no longer in the source.");
            return Result(regionId, "AlreadyMoved", inTarget, schema);
        }

        if (targetEvents == 0)
        {
            say($"Copying region {regionId} ({sourceEvents:N0} events) to the target database");
            if (intoSharedDatabase) await CopyIntoSharedAsync(from, to, schema, tenant, regionTables, say, cancellation);
            else await CopyAsync(from, to, schema, tenant, regionTables, say, cancellation);
            inTarget = await CountsAsync(to, tablesOfTheRegion, tenant, cancellation);
        }
        else
        {
            say($"The target already holds region {regionId} ({targetEvents:N0} events): checking it against the source before removing the source's");
        }

        var differences = tablesOfTheRegion.Where(table => inSource[table] != inTarget[table])
            .Select(table => $"{table}: {inSource[table]:N0} in the source, {inTarget[table]:N0} in the target").ToList();
        if (differences.Count > 0)
        {
            throw new RegionMoveRefused($"The copy differs from the source, which is left as it was: {string.Join("; ", differences)}.");
        }
        say($"Verified: {string.Join(", ", tablesOfTheRegion.Where(t => inSource[t] > 0).Select(t => $"{t} {inSource[t]:N0}"))}");

        await RemoveFromSourceAsync(from, schema, tenant, regionTables, cancellation);
        say($"Removed region {regionId} from the source database. Now name its database in the configuration: Regions__Databases__{regionId}=<connection string>");
        return Result(regionId, "Moved", inSource, schema);
    }

    private static RegionMoveResult Result(Guid regionId, string outcome, Dictionary<string, long> counts, string schema) =>
        new(regionId, outcome, counts[$"{schema}.mt_streams"], counts[$"{schema}.mt_events"],
            counts.Where(c => c.Key != $"{schema}.mt_streams" && c.Key != $"{schema}.mt_events").Sum(c => c.Value),
            counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value));

    private static async Task CopyAsync(
        NpgsqlConnection from, NpgsqlConnection to, string schema, string tenant, IReadOnlyList<string> regionTables,
        Action<string> say, CancellationToken cancellation)
    {
        await using var transaction = await to.BeginTransactionAsync(cancellation);
        var streams = $"{schema}.mt_streams";
        var events = $"{schema}.mt_events";

        // The region's rows: streams before their events (a foreign key), then each document table.
        await CopyTableAsync(from, to, streams, $"tenant_id = '{tenant}'", cancellation);
        await CopyTableAsync(from, to, events, $"tenant_id = '{tenant}'", cancellation);
        foreach (var table in regionTables) await CopyTableAsync(from, to, table, $"tenant_id = '{tenant}'", cancellation);

        // New events in the target are numbered past every event of the source; each projection goes on where the source's stood.
        var sequence = await CountAsync(from, $"select last_value from {schema}.mt_events_sequence", cancellation);
        await ExecuteAsync(to, $"select setval('{schema}.mt_events_sequence', greatest({sequence}, (select coalesce(max(seq_id), 1) from {events})))", cancellation);
        await using (var progress = new NpgsqlCommand($"select name, last_seq_id from {schema}.mt_event_progression where {ProjectionProgressRows.ProgressOnly}", from))
        await using (var reader = await progress.ExecuteReaderAsync(cancellation))
        {
            var rows = new List<(string Name, long Sequence)>();
            while (await reader.ReadAsync(cancellation)) rows.Add((reader.GetString(0), reader.GetInt64(1)));
            await reader.DisposeAsync();
            foreach (var (name, last) in rows)
            {
                await using var mark = new NpgsqlCommand(
                    $"insert into {schema}.mt_event_progression (name, last_seq_id) values (@name, @sequence) " +
                    $"on conflict (name) do update set last_seq_id = @sequence", to);
                mark.Parameters.AddWithValue("name", name);
                mark.Parameters.AddWithValue("sequence", last);
                await mark.ExecuteNonQueryAsync(cancellation);
            }
            say($"  projection progress copied ({rows.Count} rows); event sequence of the target at {sequence:N0}");
        }
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>
    /// A move back into a database its other regions write to (the shared one): the events there since the region left took
    /// the sequence numbers the region's events have in its own database, so the region's events are numbered anew past the
    /// target's, in their order. Each database's async projections must have reached its newest event (the service stopped
    /// after they caught up): the region's read models are then copied complete, and the target's progress is moved past
    /// the region's events, so its daemon neither applies them again nor skips anything, and no subscription (webhooks)
    /// sees them twice. New events are numbered past both databases' numbers, so the positions read models keep (the change
    /// feed's) only grow.
    /// </summary>
    private static async Task CopyIntoSharedAsync(
        NpgsqlConnection from, NpgsqlConnection to, string schema, string tenant, IReadOnlyList<string> regionTables,
        Action<string> say, CancellationToken cancellation)
    {
        var events = $"{schema}.mt_events";
        foreach (var (connection, which) in new[] { (from, "source"), (to, "target") })
        {
            var behind = await IdsAsync(connection,
                $"select name from {schema}.mt_event_progression where {ProjectionProgressRows.ProgressOnly} and last_seq_id < (select coalesce(max(seq_id), 0) from {events}) order by name", cancellation);
            if (behind.Count > 0)
            {
                throw new RegionMoveRefused($"The {which} database's async projections have not reached its newest event ({string.Join(", ", behind)}): " +
                    "start the service until its projection lag is zero, stop it, and run the move again.");
            }
        }

        await using var transaction = await to.BeginTransactionAsync(cancellation);
        await CopyTableAsync(from, to, $"{schema}.mt_streams", $"tenant_id = '{tenant}'", cancellation);
        await ExecuteAsync(to, $"create temp table moving_events (like {events} including defaults) on commit drop", cancellation);
        await CopyTableAsync(from, to, events, $"tenant_id = '{tenant}'", cancellation, into: "moving_events");
        var columns = await ColumnsAsync(to, events, cancellation);
        var numberedBefore = await CountAsync(to, $"select greatest((select last_value from {schema}.mt_events_sequence), (select coalesce(max(seq_id), 0) from {events}))", cancellation);
        var renumbered = string.Join(", ", columns.Select(column => column == "seq_id" ? $"{numberedBefore} + row_number() over (order by m.seq_id)" : $"m.{column}"));
        var moved = await CountAsync(to, $"with inserted as (insert into {events} ({string.Join(", ", columns)}) select {renumbered} from moving_events as m returning 1) select count(*) from inserted", cancellation);
        foreach (var table in regionTables) await CopyTableAsync(from, to, table, $"tenant_id = '{tenant}'", cancellation);

        var sourceNumbers = await CountAsync(from, $"select last_value from {schema}.mt_events_sequence", cancellation);
        var mark = Math.Max(numberedBefore + moved, sourceNumbers);
        await ExecuteAsync(to, $"select setval('{schema}.mt_events_sequence', {mark})", cancellation);
        await ExecuteAsync(to, $"update {schema}.mt_event_progression set last_seq_id = {mark} where {ProjectionProgressRows.ProgressOnly} and last_seq_id < {mark}", cancellation);
        say($"  {moved:N0} events numbered {numberedBefore + 1:N0}–{numberedBefore + moved:N0}; the target's projection progress and event sequence at {mark:N0}");
        await transaction.CommitAsync(cancellation);
    }

    private static Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellation)
    {
        var name = table.Split('.');
        return IdsAsync(connection,
            "select quote_ident(column_name) from information_schema.columns " +
            $"where table_schema = '{name[0]}' and table_name = '{name[1]}' and is_generated = 'NEVER' order by ordinal_position", cancellation);
    }

    /// <summary>One table's chosen rows, from one database to the other, in PostgreSQL's binary COPY format, column for column.</summary>
    private static async Task CopyTableAsync(
        NpgsqlConnection from, NpgsqlConnection to, string table, string where, CancellationToken cancellation, string? into = null)
    {
        var list = string.Join(", ", await ColumnsAsync(from, table, cancellation));
        await using var reader = await from.BeginRawBinaryCopyAsync($"copy (select {list} from {table} where {where}) to stdout (format binary)", cancellation);
        await using var writer = await to.BeginRawBinaryCopyAsync($"copy {into ?? table} ({list}) from stdin (format binary)", cancellation);
        await reader.CopyToAsync(writer, cancellation);
    }

    private static async Task RemoveFromSourceAsync(
        NpgsqlConnection from, string schema, string tenant, IReadOnlyList<string> regionTables, CancellationToken cancellation)
    {
        await using var transaction = await from.BeginTransactionAsync(cancellation);
        foreach (var table in regionTables) await ExecuteAsync(from, $"delete from {table} where tenant_id = '{tenant}'", cancellation);
        await ExecuteAsync(from, $"delete from {schema}.mt_events where tenant_id = '{tenant}'", cancellation);
        await ExecuteAsync(from, $"delete from {schema}.mt_streams where tenant_id = '{tenant}'", cancellation);
        await transaction.CommitAsync(cancellation);
    }

    private static async Task<Dictionary<string, long>> CountsAsync(
        NpgsqlConnection connection, IReadOnlyList<string> tables, string tenant, CancellationToken cancellation)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in tables) counts[table] = await CountAsync(connection, $"select count(*) from {table} where tenant_id = '{tenant}'", cancellation);
        return counts;
    }

    private static async Task<List<string>> IdsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellation)) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }
}

/// <summary>A move that cannot be done as asked: said on stderr, the source left as it was.</summary>
public sealed class RegionMoveRefused(string message) : Exception(message);
