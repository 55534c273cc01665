using System.Text;
using Npgsql;

namespace TalentPool.Benchmarks;

/// <summary>
/// Where a figure's write-ahead log went (`--wal-detail`): PostgreSQL's own records between the figure's first and last WAL
/// position (pg_walinspect, shipped with PostgreSQL 15), summed per relation each record changes (a table, an index, a
/// TOAST table) and per kind of record, per request. Measured, not estimated: the write shape's cost, table by table.
/// </summary>
public static class WalBreakdown
{
    public static async Task<bool> EnsureAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("create extension if not exists pg_walinspect", connection);
        try
        {
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException e)
        {
            Console.WriteLine($"  (no WAL detail: {e.MessageText})");
            return false;
        }
    }

    public static async Task<string> DescribeAsync(string connectionString, string from, string to, int requests, int top = 14)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The records must be flushed before they can be read (synchronous_commit is off on the benchmark's cluster).
        for (var tries = 0; tries < 50; tries++)
        {
            await using var flushed = new NpgsqlCommand("select pg_current_wal_flush_lsn() >= $1::pg_lsn", connection);
            flushed.Parameters.AddWithValue(to);
            if ((bool)(await flushed.ExecuteScalarAsync())!) break;
            await Task.Delay(100);
        }
        await using var command = new NpgsqlCommand($"""
            with records as (
                select resource_manager, record_type, record_length, fpi_length,
                    substring(block_ref from 'rel \d+/(\d+)/\d+')::oid as database, substring(block_ref from 'rel \d+/\d+/(\d+)')::oid as node
                from pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)),
            named as (
                select resource_manager || '/' || split_part(record_type, ' ', 1) as kind, record_length,
                    coalesce(case when database = (select oid from pg_database where datname = current_database())
                        then pg_filenode_relation(0, node)::text end, '(' || resource_manager || ')') as relation
                from records)
            (select 'relation', relation, count(*), sum(record_length) from named group by relation order by 4 desc limit {top})
            union all
            (select 'record', kind, count(*), sum(record_length) from named group by kind order by 4 desc limit {top})
            """, connection);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        command.CommandTimeout = 300;
        var text = new StringBuilder($"    WAL per request, by relation and by record (pg_walinspect; records/req, bytes/req):\n");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.Append($"    {reader.GetString(0),-8} {reader.GetString(1),-62} {reader.GetInt64(2) / (double)requests,6:F1} {reader.GetDecimal(3) / requests,8:F0}\n");
        }
        return text.ToString().TrimEnd();
    }
}
