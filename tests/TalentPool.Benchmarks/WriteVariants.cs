using System.Text;
using Npgsql;

namespace TalentPool.Benchmarks;

/// <summary>
/// Experiments of the write-path matrix, measured in the same run as the service as it is (`--variants as-is,one-row-per-count,no-facet-counts`),
/// and what PostgreSQL spent per statement during a figure (`--sql-stats`, needs pg_stat_statements preloaded). Not
/// configurations: the service's reads need what a variant switches off.
/// </summary>
public static class WriteVariants
{
    public const string AsIs = "as-is";

    /// <summary>The shared base's facet-count triggers switched off (Talents/SharedTalentFacetCounts.cs): what counting costs a write.</summary>
    public const string NoFacetCounts = "no-facet-counts";

    /// <summary>Every count in one row, as before slots (every writer of a value and day takes slot 0): the design before.</summary>
    public const string OneRowPerCount = "one-row-per-count";

    /// <summary>The shared base's probe rows switched off (Talents/SharedTalentProbes.cs): what keeping them costs a write.</summary>
    public const string NoProbes = "no-probes";

    public static async Task ApplyAsync(string connectionString, string variant)
    {
        var enable = variant switch
        {
            AsIs or OneRowPerCount or NoProbes => "enable",
            NoFacetCounts => "disable",
            _ => throw new ArgumentException($"Unknown variant '{variant}': {AsIs}, {OneRowPerCount}, {NoFacetCounts} or {NoProbes}."),
        };
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The slot every writer takes: slot 0 alone, or the first free one (the service's).
        var rewritten = variant == OneRowPerCount
            ? "create or replace function talentpool.mt_shared_talent_facet_slot() returns smallint language sql volatile as $$ select 0::smallint $$;"
            : TalentPool.Talents.SharedTalentFacetCounts.SlotFunctionSql("talentpool");
        await using (var write = new NpgsqlCommand(rewritten, connection)) await write.ExecuteNonQueryAsync();
        foreach (var happening in new[] { "inserted", "updated", "deleted" })
        {
            await using var command = new NpgsqlCommand(
                $"alter table talentpool.mt_doc_shared_talent {enable} trigger mt_shared_talent_counts_facets_{happening}; " +
                $"alter table talentpool.mt_doc_shared_talent {(variant == NoProbes ? "disable" : "enable")} trigger mt_shared_talent_probes_{happening}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task ResetStatementStatisticsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()", connection);
        try { await command.ExecuteNonQueryAsync(); }
        catch (PostgresException e) { Console.WriteLine($"  (no statement statistics: {e.MessageText})"); }
    }

    /// <summary>The statements that took the most time since the reset: calls, total and mean time, rows.</summary>
    public static async Task<string> StatementStatisticsAsync(string connectionString, int top = 8)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select calls, total_exec_time, mean_exec_time, rows, toplevel, regexp_replace(query, '\s+', ' ', 'g')
            from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
            order by total_exec_time desc limit {top}
            """, connection);
        var text = new StringBuilder("    pg_stat_statements (calls, total ms, mean ms, rows, statement):\n");
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var query = reader.GetString(5);
                text.Append($"    {reader.GetInt64(0),8} {reader.GetDouble(1),10:F0} {reader.GetDouble(2),8:F3} {reader.GetInt64(3),8}"
                    + $" {(reader.GetBoolean(4) ? "" : "(nested) ")}{(query.Length > 110 ? query[..110] + " …" : query)}\n");
            }
        }
        catch (PostgresException e) { return $"    (no statement statistics: {e.MessageText})"; }
        return text.ToString().TrimEnd();
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
