using System.Text;
using Npgsql;
using TalentPool.Talents;

namespace TalentPool.Benchmarks;

/// <summary>
/// Experiments of the write-path matrix, measured in the same run as the service as it is (`--variants as-is,counted-in-place,no-facet-counts`),
/// and what PostgreSQL spent per statement during a figure (`--sql-stats`, needs pg_stat_statements preloaded). Not
/// configurations: the service's reads need what a variant switches off.
/// </summary>
public static class WriteVariants
{
    public const string AsIs = "as-is";

    /// <summary>The shared base's facet-count triggers switched off (Talents/SharedTalentFacetCounts.cs): what counting costs a write.</summary>
    public const string NoFacetCounts = "no-facet-counts";

    /// <summary>
    /// The counts changed in place by each writer, as before the change rows (session 5 to 7): the same trigger function's
    /// name given the body it had then, 20-40 upserts per registration into the counts, each writer in a slot of its own.
    /// </summary>
    public const string CountedInPlace = "counted-in-place";

    /// <summary>The shared base's probe rows switched off (Talents/SharedTalentProbes.cs): what keeping them costs a write.</summary>
    public const string NoProbes = "no-probes";

    /// <summary>The shared base's facet-count and probe triggers both off: the documents alone, with their indexes.</summary>
    public const string BareDocuments = "bare-documents";

    /// <summary>
    /// A hire's indexes as before session 9: the hire also indexed by partner and by region, billing's cancellation indexes over
    /// every hire rather than the cancelled ones only (the before of that change, in the same run).
    /// </summary>
    public const string HireIndexesBefore = "hire-indexes-before";

    private const string HireIndexesBeforeSql = """
        create index mt_doc_hire_idx_partner_id on talentpool.mt_doc_hire (CAST(data ->> 'partnerId' as uuid));
        create index mt_doc_hire_idx_region_id on talentpool.mt_doc_hire (CAST(data ->> 'regionId' as uuid));
        drop index talentpool.mt_doc_billablehire_idx_region_idcancelled_month;
        create index mt_doc_billablehire_idx_region_idcancelled_month on talentpool.mt_doc_billablehire
            (CAST(data ->> 'regionId' as uuid), CAST(data ->> 'cancelledMonth' as integer));
        drop index talentpool.mt_doc_billablehire_idx_region_idcredit_seen;
        create index mt_doc_billablehire_idx_region_idcredit_seen on talentpool.mt_doc_billablehire
            (CAST(data ->> 'regionId' as uuid), CAST(data ->> 'creditSeen' as integer));
        """;

    private const string HireIndexesNowSql = """
        drop index talentpool.mt_doc_hire_idx_partner_id;
        drop index talentpool.mt_doc_hire_idx_region_id;
        drop index talentpool.mt_doc_billablehire_idx_region_idcancelled_month;
        create index mt_doc_billablehire_idx_region_idcancelled_month on talentpool.mt_doc_billablehire
            (CAST(data ->> 'regionId' as uuid), CAST(data ->> 'cancelledMonth' as integer)) where (data ->> 'cancelledMonth') is not null;
        drop index talentpool.mt_doc_billablehire_idx_region_idcredit_seen;
        create index mt_doc_billablehire_idx_region_idcredit_seen on talentpool.mt_doc_billablehire
            (CAST(data ->> 'regionId' as uuid), CAST(data ->> 'creditSeen' as integer)) where (data ->> 'creditSeen') is not null;
        """;

    private static string? _undo;

    /// <summary>`drop-index:&lt;name&gt;`: that index dropped for the figure (made again before the next one).</summary>
    public const string DropIndex = "drop-index:";

    /// <summary>`each-index-of:&lt;table&gt;`: one variant per secondary index of the table, each dropped alone.</summary>
    public const string EachIndexOf = "each-index-of:";

    /// <summary>`only:&lt;text&gt;+&lt;text&gt;`: (a) replays only the statements containing one of the texts (a lighter shape).</summary>
    public const string Only = "only:";

    /// <summary>`without:&lt;text&gt;+&lt;text&gt;`: (a) replays every statement but those containing one of the texts.</summary>
    public const string Without = "without:";

    /// <summary>A variant is parts joined by `&amp;` (`bare-documents&amp;only:mt_quick_append_events+mt_doc_talent`).</summary>
    private static string[] Parts(string variant) => variant.Split('&', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>`each-index-of:` expanded to one `drop-index:` variant per secondary index of the table, as the database has them.</summary>
    public static async Task<string[]> ExpandAsync(string connectionString, string[] variants)
    {
        var expanded = new List<string>();
        foreach (var variant in variants)
        {
            if (!variant.StartsWith(EachIndexOf, StringComparison.Ordinal)) { expanded.Add(variant); continue; }
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var find = new NpgsqlCommand(
                "select indexname from pg_indexes where schemaname = 'talentpool' and tablename = $1 and indexname not like 'pkey%' order by 1", connection);
            find.Parameters.AddWithValue(variant[EachIndexOf.Length..]);
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync()) expanded.Add(DropIndex + reader.GetString(0));
        }
        return [.. expanded];
    }

    /// <summary>The SQL (a) replays for the variant: the captured request, or the statements `only:`/`without:` leave of it.</summary>
    public static SqlReplay Shape(SqlReplay replay, string variant)
    {
        foreach (var part in Parts(variant))
        {
            if (part.StartsWith(Only, StringComparison.Ordinal))
            {
                var texts = part[Only.Length..].Split('+');
                replay = replay.Where(c => texts.Any(t => c.CommandText.Contains(t, StringComparison.OrdinalIgnoreCase)));
            }
            else if (part.StartsWith(Without, StringComparison.Ordinal))
            {
                var texts = part[Without.Length..].Split('+');
                replay = replay.Where(c => !texts.Any(t => c.CommandText.Contains(t, StringComparison.OrdinalIgnoreCase)));
            }
        }
        return replay;
    }

    private static readonly Dictionary<string, string> Dropped = [];

    public static async Task ApplyAsync(string connectionString, string variant)
    {
        var parts = Parts(variant);
        foreach (var part in parts)
        {
            if (part is not (AsIs or CountedInPlace or NoProbes or NoFacetCounts or BareDocuments or HireIndexesBefore)
                && !part.StartsWith(DropIndex, StringComparison.Ordinal) && !part.StartsWith(Only, StringComparison.Ordinal)
                && !part.StartsWith(Without, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unknown variant '{part}': {AsIs}, {CountedInPlace}, {NoFacetCounts}, {NoProbes}, {BareDocuments}, {HireIndexesBefore}, " +
                    $"{DropIndex}<index>, {EachIndexOf}<table>, {Only}<text>+…, {Without}<text>+…, joined by &.");
            }
        }
        var counting = parts.Contains(NoFacetCounts) || parts.Contains(BareDocuments) ? "disable" : "enable";
        var probing = parts.Contains(NoProbes) || parts.Contains(BareDocuments) ? "disable" : "enable";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The indexes an earlier variant dropped are made again first.
        foreach (var (name, definition) in Dropped.ToList())
        {
            await using var make = new NpgsqlCommand(definition, connection);
            make.CommandTimeout = 600;
            await make.ExecuteNonQueryAsync();
            Dropped.Remove(name);
        }
        foreach (var part in parts.Where(p => p.StartsWith(DropIndex, StringComparison.Ordinal)))
        {
            var name = part[DropIndex.Length..];
            await using var read = new NpgsqlCommand("select indexdef from pg_indexes where schemaname = 'talentpool' and indexname = $1", connection);
            read.Parameters.AddWithValue(name);
            Dropped[name] = (string?)await read.ExecuteScalarAsync() ?? throw new ArgumentException($"No index {name}.");
            await using var drop = new NpgsqlCommand($"drop index talentpool.\"{name}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (_undo is not null)
        {
            await using var undo = new NpgsqlCommand(_undo, connection);
            await undo.ExecuteNonQueryAsync();
            _undo = null;
        }
        if (parts.Contains(HireIndexesBefore))
        {
            await using var before = new NpgsqlCommand(HireIndexesBeforeSql, connection);
            await before.ExecuteNonQueryAsync();
            _undo = HireIndexesNowSql;
        }
        // Fold what the variant before left, then give the trigger its function.
        await using (var fold = new NpgsqlCommand(SharedTalentFacetCounts.FoldSql(Schema), connection)) await fold.ExecuteNonQueryAsync();
        AsIsSql ??= await FunctionAsync(connection);
        await using (var write = new NpgsqlCommand(parts.Contains(CountedInPlace) ? InPlaceSql : AsIsSql, connection))
        {
            await write.ExecuteNonQueryAsync();
        }
        foreach (var happening in new[] { "inserted", "updated", "deleted" })
        {
            await using var command = new NpgsqlCommand(
                $"alter table talentpool.mt_doc_shared_talent {counting} trigger mt_shared_talent_counts_facets_{happening}; " +
                $"alter table talentpool.mt_doc_shared_talent {probing} trigger mt_shared_talent_probes_{happening}", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private const string Schema = "talentpool";
    private const string Function = "mt_shared_talent_count_facets_v5";
    private static string? AsIsSql;

    /// <summary>The service's own trigger function, as the database has it (read before any variant replaces it).</summary>
    private static async Task<string> FunctionAsync(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand($"select pg_get_functiondef('{Schema}.{Function}'::regproc)", connection);
        return (string)(await read.ExecuteScalarAsync())!;
    }

    private static string InSpans(string d) => $"""
        select {d}.tenant_id as tenant_id, v.scope, s.span, case s.span when 'day' then v.consent_day else date_trunc('month', v.consent_day)::date end as start,
            v.facet, v.value
        from {SharedTalentFacetCounts.ValuesOf(Schema, d)} as v, (values ('day'), ('month')) as s(span)
        """;

    private static readonly string InPlaceSql = $"""
        create or replace function {Schema}.mt_shared_talent_facet_slot() returns smallint language plpgsql volatile as $$
        begin
            for slot in 0..31 loop
                if pg_try_advisory_xact_lock(1414546499, slot) then return slot; end if;
            end loop;
            return pg_backend_pid() % 32;
        end $$;
        create or replace function {Schema}.{Function}() returns trigger language plpgsql as $$
        declare
            chosen_slot smallint := {Schema}.mt_shared_talent_facet_slot();
        begin
            insert into {Schema}.{SharedTalentFacetCounts.CountedTableName} as c (tenant_id, scope, span, start, facet, value, slot, talents)
            select tenant_id, scope, span, start, facet, value, chosen_slot, sum(delta) from (
                select o.*, -1 as delta from ({InSpans("old")}) as o
                union all
                select n.*, 1 as delta from ({InSpans("new")}) as n) as changes
            group by 1, 2, 3, 4, 5, 6 having sum(delta) <> 0 order by 1, 2, 3, 4, 5, 6
            on conflict (tenant_id, scope, span, start, facet, value, slot) do update set talents = c.talents + excluded.talents;
            return null;
        end $$;
        """;

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
