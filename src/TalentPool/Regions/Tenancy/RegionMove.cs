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
/// metadata) and documents are copied with PostgreSQL's binary COPY, a replica of the installation's counties (what a region
/// reads from the installation's tenant) is added where missing, the target's event sequence is set past the source's,
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
    public static async Task<RegionMoveResult> MoveAsync(
        IDocumentStore sourceStore, NpgsqlDataSource source, string targetConnectionString, Guid regionId, Action<string> say,
        CancellationToken cancellation = default)
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
        return await RunAsync(sourceStore, source, target, regionId, say, cancellation);
    }

    public static async Task<RegionMoveResult> RunAsync(
        IDocumentStore sourceStore, NpgsqlDataSource source, NpgsqlDataSource target, Guid regionId, Action<string> say,
        CancellationToken cancellation = default)
    {
        var schema = sourceStore.Options.DatabaseSchemaName;
        var tenant = RegionTenancy.TenantOf(regionId);
        var regionTables = PreTenancyMigration.RegionDocumentTables(sourceStore);
        var installationTables = sourceStore.Options.AllKnownDocumentTypes()
            .Where(t => RegionTenancy.InstallationDocumentTypes.Contains(t.DocumentType)).Select(t => t.TableName.QualifiedName).Distinct().ToList();
        IReadOnlyList<string> tablesOfTheRegion = [$"{schema}.mt_streams", $"{schema}.mt_events", .. regionTables];

        await using var from = await source.OpenConnectionAsync(cancellation);
        await using var to = await target.OpenConnectionAsync(cancellation);
        if (await CountAsync(to, $"select count(*) from {schema}.mt_events where tenant_id not in ('{Installation}', '{tenant}')", cancellation) > 0)
        {
            throw new RegionMoveRefused("The target database holds another region's events: a region moves to a database of its own.");
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
            await CopyAsync(from, to, schema, tenant, regionTables, installationTables, say, cancellation);
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
        IReadOnlyList<string> installationTables, Action<string> say, CancellationToken cancellation)
    {
        await using var transaction = await to.BeginTransactionAsync(cancellation);
        var streams = $"{schema}.mt_streams";
        var events = $"{schema}.mt_events";

        // The region's rows: streams before their events (a foreign key), then each document table.
        await CopyTableAsync(from, to, streams, $"tenant_id = '{tenant}'", cancellation);
        await CopyTableAsync(from, to, events, $"tenant_id = '{tenant}'", cancellation);
        foreach (var table in regionTables) await CopyTableAsync(from, to, table, $"tenant_id = '{tenant}'", cancellation);

        // A replica of the installation's rows the target lacks: a region reads its county from the installation's tenant.
        var present = await IdsAsync(to, $"select id::text from {streams} where tenant_id = '{Installation}'", cancellation);
        var absent = present.Count == 0 ? "true" : $"id::text <> all(array[{string.Join(',', present.Select(id => $"'{id}'"))}])";
        var absentStreams = present.Count == 0 ? "true" : $"stream_id::text <> all(array[{string.Join(',', present.Select(id => $"'{id}'"))}])";
        await CopyTableAsync(from, to, streams, $"tenant_id = '{Installation}' and {absent}", cancellation);
        await CopyTableAsync(from, to, events, $"tenant_id = '{Installation}' and {absentStreams}", cancellation);
        foreach (var table in installationTables)
        {
            var documents = await IdsAsync(to, $"select id::text from {table} where tenant_id = '{Installation}'", cancellation);
            var missing = documents.Count == 0 ? "true" : $"id::text <> all(array[{string.Join(',', documents.Select(id => $"'{id}'"))}])";
            await CopyTableAsync(from, to, table, $"tenant_id = '{Installation}' and {missing}", cancellation);
        }

        // New events in the target are numbered past every event of the source; each projection goes on where the source's stood.
        var sequence = await CountAsync(from, $"select last_value from {schema}.mt_events_sequence", cancellation);
        await ExecuteAsync(to, $"select setval('{schema}.mt_events_sequence', greatest({sequence}, (select coalesce(max(seq_id), 1) from {events})))", cancellation);
        await using (var progress = new NpgsqlCommand($"select name, last_seq_id from {schema}.mt_event_progression", from))
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

    /// <summary>One table's chosen rows, from one database to the other, in PostgreSQL's binary COPY format, column for column.</summary>
    private static async Task CopyTableAsync(NpgsqlConnection from, NpgsqlConnection to, string table, string where, CancellationToken cancellation)
    {
        var name = table.Split('.');
        var columns = await IdsAsync(from,
            "select quote_ident(column_name) from information_schema.columns " +
            $"where table_schema = '{name[0]}' and table_name = '{name[1]}' and is_generated = 'NEVER' order by ordinal_position", cancellation);
        var list = string.Join(", ", columns);
        await using var reader = await from.BeginRawBinaryCopyAsync($"copy (select {list} from {table} where {where}) to stdout (format binary)", cancellation);
        await using var writer = await to.BeginRawBinaryCopyAsync($"copy {table} ({list}) from stdin (format binary)", cancellation);
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
