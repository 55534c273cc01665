using System.Text.Json;
using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Seeding;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>
/// <c>migrate-pre-tenancy</c>: a database written before regions were tenants (every row in Marten's default tenant) is moved
/// into its region's tenant, and then answers through the API exactly as a database written with tenancy from the start.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PreTenancyMigrationTests(TalentPoolFixture fixture)
{
    private static readonly Guid RegionId = new DemoHistory(RegionAnswers.Plan).RegionId;

    [Fact]
    public async Task A_pre_tenancy_region_moved_into_its_tenant_answers_as_one_written_with_tenancy_and_a_second_run_changes_nothing()
    {
        var written = await fixture.Postgres.CreateDatabaseAsync("tenancy_reference");
        await RegionAnswers.AppendAsync(written, RegionAnswers.Plan, preTenancy: false);
        var preTenancy = await fixture.Postgres.CreateDatabaseAsync("pre_tenancy");
        await RegionAnswers.AppendAsync(preTenancy, RegionAnswers.Plan, preTenancy: true);
        var eventsBefore = await RowsAsync(preTenancy, "select seq_id, stream_id, version, type, timestamp from talentpool.mt_events order by seq_id");

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(preTenancy, "migrate-pre-tenancy");

        exitCode.ShouldBe(0, errors);
        var result = JsonDocument.Parse(SingleLine(output)).RootElement;
        result.GetProperty("regionId").GetGuid().ShouldBe(RegionId);
        result.GetProperty("moved").GetBoolean().ShouldBeTrue();
        var installationStreams = await ScalarAsync(written, "select count(*) from talentpool.mt_streams where tenant_id = '*DEFAULT*'");
        result.GetProperty("installationStreamsKept").GetInt64().ShouldBe(installationStreams); // the county and its 12 number claims
        result.GetProperty("streams").GetInt64().ShouldBe(await ScalarAsync(written, "select count(*) from talentpool.mt_streams") - installationStreams);
        errors.ShouldContain($"Moved region {RegionId} into its tenant");

        // Every row sits in the tenant the API would have written it in; the events kept their sequence, version and time.
        (await TenantsAsync(preTenancy)).ShouldBe(await TenantsAsync(written));
        (await RowsAsync(preTenancy, $"select seq_id, stream_id, version, type, timestamp from talentpool.mt_events order by seq_id")).ShouldBe(eventsBefore);
        (await RowsAsync(preTenancy, FacetCounts)).ShouldBe(await RowsAsync(written, FacetCounts));
        var probes = $"select token, tenant_id, id from {SharedTalentProbes.Table("talentpool")} order by 1, 2, 3";
        (await RowsAsync(preTenancy, probes)).ShouldNotBeEmpty();
        (await RowsAsync(preTenancy, probes)).ShouldBe(await RowsAsync(written, probes));
        (await RowsAsync(preTenancy, $"select name, last_seq_id from talentpool.mt_event_progression where {ProjectionProgressRows.ProgressOnly} order by name"))
            .ShouldBe(await RowsAsync(written, $"select name, last_seq_id from talentpool.mt_event_progression where {ProjectionProgressRows.ProgressOnly} order by name"));

        var (again, secondOutput, secondErrors) = await OperatorCommands.RunAsync(preTenancy, "migrate-pre-tenancy", "--region", RegionId.ToString());

        again.ShouldBe(0, secondErrors);
        var second = JsonDocument.Parse(SingleLine(secondOutput)).RootElement;
        second.GetProperty("moved").GetBoolean().ShouldBeFalse();
        second.GetProperty("events").GetInt64().ShouldBe(0);
        second.GetProperty("documents").GetInt64().ShouldBe(0);
        secondErrors.ShouldContain($"Nothing to migrate: region {RegionId} is in its own tenant");
        (await TenantsAsync(preTenancy)).ShouldBe(await TenantsAsync(written));

        Dictionary<string, string> expected, migrated;
        await using (var service = await OperatorCommands.ServiceOnAsync(written)) expected = await RegionAnswers.ReadAsync(service, RegionAnswers.Plan);
        await using (var service = await OperatorCommands.ServiceOnAsync(preTenancy)) migrated = await RegionAnswers.ReadAsync(service, RegionAnswers.Plan);
        expected.Values.Count(answer => answer.StartsWith("200 ")).ShouldBe(expected.Count, string.Join('\n', expected.Where(a => !a.Value.StartsWith("200 "))));
        expected.Count.ShouldBeGreaterThan(150 + 10 + 6 + 12);
        foreach (var (url, answer) in expected) migrated[url].ShouldBe(answer, url);
    }

    [Fact]
    public async Task A_database_whose_default_tenant_holds_two_regions_is_refused_with_nothing_moved()
    {
        var preTenancy = await fixture.Postgres.CreateDatabaseAsync("pre_tenancy_two");
        await RegionAnswers.AppendAsync(preTenancy, RegionAnswers.Plan, preTenancy: true);
        // A second region registered before tenancy (its municipality numbers would clash: its region stream alone).
        var other = new DemoHistory(RegionAnswers.Plan with { Seed = 12 }).Streams().First(s => s.Aggregate == typeof(TalentPool.Regions.Region));
        await using var dataSource = NpgsqlDataSource.Create(preTenancy);
        await using var store = TalentPoolStores.With(dataSource);
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(other.Aggregate, other.Id, [.. other.Events]);
            await session.SaveChangesAsync();
        }
        var before = await TenantsAsync(preTenancy);

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(preTenancy, "migrate-pre-tenancy");

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("The default tenant holds 2 regions");
        (await TenantsAsync(preTenancy)).ShouldBe(before);
    }

    private static string SingleLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem($"stdout was: {output}");

    /// <summary>The facet counts as readers sum them (the counts and the changes not folded yet: Talents/SharedTalentFacetCounts.cs).</summary>
    private const string FacetCounts =
        $"select tenant_id, scope, span, start, facet, value, sum(talents) from talentpool.{SharedTalentFacetCounts.TableName} "
        + "group by 1, 2, 3, 4, 5, 6 having sum(talents) <> 0 order by 1, 2, 3, 4, 5, 6";

    /// <summary>Every table's rows per tenant.</summary>
    private static async Task<List<string>> TenantsAsync(string connectionString)
    {
        var tables = await RowsAsync(connectionString,
            "select table_name from information_schema.columns where table_schema = 'talentpool' and column_name = 'tenant_id' "
            // The facet counts are compared as readers sum them (FacetCounts): how many rows hold them depends on when they were folded.
            + "and table_name not like 'mt_shared_talent_facet_%' order by 1");
        var counts = new List<string>();
        foreach (var table in tables)
        {
            counts.AddRange((await RowsAsync(connectionString, $"select tenant_id, count(*) from talentpool.{table} group by 1 order by 1"))
                .Select(row => $"{table} {row}"));
        }
        return counts;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql) => long.Parse((await RowsAsync(connectionString, sql)).Single());

    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
