using System.Text.RegularExpressions;
using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Billing;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hires;

/// <summary>
/// The indexes a hire writes (README "The write path", session 9): no index on the hire by partner or region (nothing reads
/// hires that way), and billing's cancellation indexes hold cancelled hires only — on a database an older version made too,
/// and without being made again at every start.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HireWriteIndexesTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<List<string>> RowsAsync(ClockedTalentPool pool, string sql)
    {
        await using var connection = await pool.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private const string HireIndexes =
        "select indexname || ': ' || indexdef from pg_indexes where schemaname = 'talentpool' and tablename in ('mt_doc_hire', 'mt_doc_billablehire') order by 1";

    [Fact]
    public async Task A_database_made_by_an_older_version_loses_the_unread_hire_indexes_and_gets_the_partial_cancellation_indexes_once()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        // The indexes as the version before made them.
        await RowsAsync(pool, """
            create index mt_doc_hire_idx_partner_id on talentpool.mt_doc_hire (CAST(data ->> 'partnerId' as uuid));
            create index mt_doc_hire_idx_region_id on talentpool.mt_doc_hire (CAST(data ->> 'regionId' as uuid));
            drop index talentpool.mt_doc_billablehire_idx_region_idcancelled_month;
            create index mt_doc_billablehire_idx_region_idcancelled_month on talentpool.mt_doc_billablehire
                (CAST(data ->> 'regionId' as uuid), CAST(data ->> 'cancelledMonth' as integer));
            drop index talentpool.mt_doc_billablehire_idx_region_idcredit_seen;
            create index mt_doc_billablehire_idx_region_idcredit_seen on talentpool.mt_doc_billablehire
                (CAST(data ->> 'regionId' as uuid), CAST(data ->> 'creditSeen' as integer));
            select ''
            """);

        await pool.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var indexes = await RowsAsync(pool, HireIndexes);
        indexes.ShouldNotContain(index => index.StartsWith("mt_doc_hire_idx_partner_id"), string.Join('\n', indexes));
        indexes.ShouldNotContain(index => index.StartsWith("mt_doc_hire_idx_region_id"), string.Join('\n', indexes));
        indexes.ShouldContain(index => index.StartsWith("mt_doc_hire_idx_talent_id"));
        indexes.Single(index => index.StartsWith("mt_doc_billablehire_idx_region_idcancelled_month")).ShouldContain("WHERE");
        indexes.Single(index => index.StartsWith("mt_doc_billablehire_idx_region_idcredit_seen")).ShouldContain("WHERE");
        indexes.Single(index => index.StartsWith("mt_doc_billablehire_idx_region_idhire_month")).ShouldNotContain("WHERE");

        // The next start leaves them as they are (an index made again at every start would rebuild it over every hire).
        var objects = "select c.oid::text from pg_class as c join pg_indexes as i on i.indexname = c.relname " +
            "where i.schemaname = 'talentpool' and i.tablename in ('mt_doc_hire', 'mt_doc_billablehire') order by 1";
        var before = await RowsAsync(pool, objects);
        await pool.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        (await RowsAsync(pool, objects)).ShouldBe(before);
    }

    [Fact]
    public async Task A_statements_read_of_the_months_hires_and_cancellations_is_answered_by_the_indexes_with_cancellations_in_the_partial_one()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, Start);
        await using var session = pool.RegionSession();
        var region = Guid.NewGuid();
        int[] months = [24315, 24316];
        int?[] cancelledIn = [24315, 24316];
        var command = session.Query<BillableHire>()
            .Where(h => h.RegionId == region && (months.Contains(h.HireMonth) || cancelledIn.Contains(h.CancelledMonth))).ToCommand();

        // A region among many (one hire in 47), two years of hires, one in ten cancelled: what the planner weighs the indexes by.
        await RowsAsync(pool, $"""
            insert into talentpool.mt_doc_billablehire (tenant_id, id, data, mt_dotnet_type, mt_version)
            select '{session.TenantId}', gen_random_uuid(), jsonb_build_object('regionId', case when i % 47 = 0 then '{region}'::uuid else gen_random_uuid() end,
                    'hireMonth', 24300 + i % 24, 'feeSeen', i % 100)
                || case when i % 10 = 0 then jsonb_build_object('cancelledMonth', 24300 + i % 24, 'creditSeen', i % 100) else jsonb_build_object() end,
                'TalentPool.Billing.BillableHire, TalentPool', 1
            from generate_series(1, 20000) as i;
            analyze talentpool.mt_doc_billablehire;
            select ''
            """);
        await using var connection = await pool.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var explain = new NpgsqlCommand($"explain {command.CommandText}", connection);
        foreach (NpgsqlParameter parameter in command.Parameters) explain.Parameters.Add(parameter.Clone());
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        }
        var text = string.Join('\n', plan);
        text.ShouldContain("mt_doc_billablehire_idx_region_idhire_month", customMessage: text);
        text.ShouldContain("mt_doc_billablehire_idx_region_idcancelled_month", customMessage: text);
        Regex.IsMatch(text, "Seq Scan").ShouldBeFalse(text);
    }
}
