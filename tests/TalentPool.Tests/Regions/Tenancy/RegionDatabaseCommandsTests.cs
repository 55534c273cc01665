using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Seeding;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>
/// The operator's commands for a region configured in a database of its own (<c>Regions__Databases__&lt;id&gt;</c>, nothing moved):
/// <c>seed</c> writes the region there and the installation's county and claims to the shared database, the service and
/// <c>export</c> answer as for the same seed in one database; <c>import-talents</c> registers into the region's database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionDatabaseCommandsTests(TalentPoolFixture fixture) : IDisposable
{
    private static readonly DemoDataPlan Plan = RegionAnswers.Plan;
    private static readonly Guid RegionId = new DemoHistory(Plan).RegionId;
    private static readonly string[] Seed =
        ["seed", "--seed", "11", "--talents", "150", "--members", "6", "--years", "2", "--until", OperatorCommands.SeededUntil];

    private readonly string _folder = Directory.CreateTempSubdirectory("talentpool-regiondb-").FullName;

    private static Dictionary<string, string> Configured(string shared, string own, Guid regionId)
    {
        var environment = OperatorCommands.EnvironmentFor(shared);
        environment[RegionDatabaseStores.EnvironmentVariableOf(regionId)] = own;
        return environment;
    }

    [Fact]
    public async Task Seed_writes_a_region_configured_in_its_own_database_there_and_the_service_and_export_answer_as_for_one_database()
    {
        Plan.ShouldBe(new DemoDataPlan(11, 150, 2, DateOnly.Parse(OperatorCommands.SeededUntil), 6), "the arguments below seed the plan RegionAnswers reads");
        var together = await fixture.Postgres.CreateDatabaseAsync("regiondb_seed_together");
        var shared = await fixture.Postgres.CreateDatabaseAsync("regiondb_seed_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("regiondb_seed_own");

        // The same seed twice, at once: into one database, and with the region configured in a database of its own.
        var seedingTogether = OperatorCommands.RunAsync(together, Seed);
        var (exitCode, output, errors) = await ServiceProcess.RunAsync(Configured(shared, own, RegionId), Seed);
        var reference = await seedingTogether;

        exitCode.ShouldBe(0, errors);
        reference.ExitCode.ShouldBe(0, reference.Errors);
        var seeded = JsonDocument.Parse(output).RootElement;
        seeded.GetProperty("regionId").GetGuid().ShouldBe(RegionId);
        seeded.GetProperty("events").GetInt64().ShouldBe(JsonDocument.Parse(reference.Output).RootElement.GetProperty("events").GetInt64());
        errors.ShouldContain($"Region {RegionId} is configured in a database of its own");

        // Nothing of the region in the shared database: no event, stream or document; the county and the claims are there only.
        var region = $"'{RegionId}'";
        (await ScalarAsync(shared, $"select count(*) from talentpool.mt_events where tenant_id = {region}")).ShouldBe(0);
        (await ScalarAsync(shared, $"select count(*) from talentpool.mt_streams where tenant_id = {region}")).ShouldBe(0);
        (await RowsOfTenantAsync(shared, RegionId)).ShouldBeEmpty();
        (await ScalarAsync(shared, "select count(*) from talentpool.mt_events"))
            .ShouldBe(await ScalarAsync(together, "select count(*) from talentpool.mt_events where tenant_id = '*DEFAULT*'"));
        (await ScalarAsync(shared, "select count(*) from talentpool.mt_events where type = 'county_registered.v2'")).ShouldBe(1);
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_events where tenant_id <> {region}")).ShouldBe(0);
        (await ScalarAsync(own, "select count(*) from talentpool.mt_events"))
            .ShouldBe(await ScalarAsync(together, $"select count(*) from talentpool.mt_events where tenant_id = {region}"));
        // The region database's async projections start after its last event (the seeding built them).
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_event_progression where {ProjectionProgressRows.ProgressOnly} and " +
            "last_seq_id < (select max(seq_id) from talentpool.mt_events)")).ShouldBe(0);
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_event_progression where {ProjectionProgressRows.ProgressOnly}")).ShouldBeGreaterThan(5);

        // The service with the setting: every answer of the region — dashboards, metrics, search, statements — as for one database.
        var setting = new Dictionary<string, string> { [$"Regions:Databases:{RegionId}"] = own };
        Dictionary<string, string> apart, inOne;
        await using (var service = await OperatorCommands.ServiceOnAsync(shared, setting)) apart = await RegionAnswers.ReadAsync(service, Plan);
        await using (var service = await OperatorCommands.ServiceOnAsync(together)) inOne = await RegionAnswers.ReadAsync(service, Plan);
        apart.Values.Count(answer => answer.StartsWith("200 ", StringComparison.Ordinal)).ShouldBe(apart.Count);
        apart["/api/v1/shared-talents?limit=200"].ShouldContain("\"items\":[{");
        foreach (var (url, answer) in inOne) apart[url].ShouldBe(answer, url);

        // export: the same files, byte for byte.
        var exports = new[] { Path.Combine(_folder, "apart"), Path.Combine(_folder, "together") };
        string[] export = ["export", RegionId.ToString(), "--from", "2026-01", "--to", "2026-03", "--out"];
        var exportedApart = await ServiceProcess.RunAsync(Configured(shared, own, RegionId), [.. export, exports[0]]);
        var exportedTogether = await OperatorCommands.RunAsync(together, [.. export, exports[1]]);
        exportedApart.ExitCode.ShouldBe(0, exportedApart.Errors);
        exportedTogether.ExitCode.ShouldBe(0, exportedTogether.Errors);
        var files = Directory.GetFiles(exports[0]).Select(Path.GetFileName).Order().ToList();
        files.Count.ShouldBe(3 + 6);
        Directory.GetFiles(exports[1]).Select(Path.GetFileName).Order().ShouldBe(files);
        foreach (var file in files)
        {
            (await File.ReadAllTextAsync(Path.Combine(exports[0], file!))).ShouldBe(await File.ReadAllTextAsync(Path.Combine(exports[1], file!)), file);
        }
    }

    [Fact]
    public async Task Db_apply_makes_Martens_and_Wolverines_schema_in_the_shared_and_a_region_database_so_a_node_needs_no_DDL_rights_there()
    {
        var shared = await fixture.Postgres.CreateDatabaseAsync("regiondb_apply_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("regiondb_apply_own");
        var regionId = Guid.CreateVersion7();

        // What the rollout's Job runs (deploy/k8s/db-apply-job.yaml) with the region's database configured as the nodes have it.
        var (exitCode, _, errors) = await ServiceProcess.RunAsync(Configured(shared, own, regionId), "db-apply");

        exitCode.ShouldBe(0, errors);
        string[] marten = ["mt_events", "mt_streams", "mt_doc_shared_talent", "mt_doc_talent", SharedTalentFacetCounts.CountedTableName, SharedTalentProbes.TableName];
        string[] wolverine = ["wolverine_deduplicated_responses", "wolverine_incoming_envelopes", "wolverine_outgoing_envelopes"];
        foreach (var table in marten.Concat(wolverine)) (await TablesAsync(shared, table)).ShouldBe(1, $"{table} in the shared database");
        foreach (var table in marten.Concat(wolverine)) (await TablesAsync(own, table)).ShouldBe(1, $"{table} in the region's database");
        (await TablesAsync(shared, "wolverine_nodes")).ShouldBe(1, "the nodes live in the shared database (Wolverine's main store)");

        // A node whose role may read and write the region's database but make nothing there starts, and a keyed registration
        // (the idempotency claim in Wolverine's table of the region's database, the events beside it) is served.
        await RegionDatabaseStores.RegisterRegionAsync(shared, own, regionId, [Api.UniqueNumber()]);
        var restricted = await RoleWithoutDdlAsync(own);
        var environment = Configured(shared, restricted, regionId);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}";
        await using var node = await ServiceProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = node.Address };
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/talents")
        {
            Content = JsonContent.Create(Talents.TalentRequests.Registration(), options: Json.Options),
        };
        request.Headers.Add(RegionTenancy.HeaderName, regionId.ToString());
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var registered = await client.SendAsync(request);
        registered.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        (await ScalarAsync(own, "select count(*) from talentpool.wolverine_deduplicated_responses")).ShouldBe(1);
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_events where tenant_id = '{regionId}' and type = 'talent_registered.v1'")).ShouldBe(1);
    }

    /// <summary>
    /// A login of its own for the database: it may use the schema, read and write every table and sequence and run every
    /// function that exist now, but create nothing (no CREATE on the schema or the database, owner of nothing). Its connection string.
    /// </summary>
    private static async Task<string> RoleWithoutDdlAsync(string database)
    {
        var role = $"node_{Guid.NewGuid():N}"[..20];
        var builder = new NpgsqlConnectionStringBuilder(database);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                $"create role {role} login password '{role}'",
                $"grant connect on database \"{builder.Database}\" to {role}",
                $"revoke create on schema public from {role}",
                $"grant usage on schema talentpool to {role}",
                $"grant select, insert, update, delete on all tables in schema talentpool to {role}",
                $"grant usage, select, update on all sequences in schema talentpool to {role}",
                $"grant execute on all functions in schema talentpool to {role}",
            })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        (await ScalarAsync(database, $"select count(*) from pg_namespace where nspname = 'talentpool' and has_schema_privilege('{role}', oid, 'CREATE')")).ShouldBe(0);
        builder.Username = role;
        builder.Password = role;
        return builder.ConnectionString;
    }

    private static Task<long> TablesAsync(string database, string table) =>
        ScalarAsync(database, $"select count(*) from pg_tables where schemaname = 'talentpool' and tablename = '{table}'");

    [Fact]
    public async Task Import_talents_registers_into_the_database_of_a_region_configured_in_its_own_imports_nothing_twice_and_reports_the_same_rows()
    {
        var shared = await fixture.Postgres.CreateDatabaseAsync("regiondb_import_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("regiondb_import_own");
        var regionId = Guid.CreateVersion7();
        await RegionDatabaseStores.RegisterRegionAsync(shared, own, regionId, [Api.UniqueNumber()]);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = Path.Combine(_folder, "talents.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n",
            "fullName,email,countryOfResidence,languages,competenceAreas,educationLevel,yearsOfExperience,preferredMunicipalities,heardAboutUsVia,shareWithPartners,shareWithMunicipalities",
            $"Priya Raman,priya.{tag}@example.com,IN,en;hi,Battery engineering,Master,7,,Employer,true,false",
            $"Åse Lund,ase.{tag}@example.no,NO,nb;en,Nursing,Bachelor,12,,Event,true,true",
            $"No Dot,nodot.{tag}@example,SE,sv,Welding,Vocational,3,,Other,false,false",
            $"Mei Chen,mei.{tag}@example.com,CN,zh;en,Process chemistry,Doctorate,4,,Other,true,false",
            $"Mei Chen,mei2.{tag}@example.com,CN,zh;en,Process chemistry,Expert,4,,Other,true,false") + "\r\n", new UTF8Encoding(true));
        var environment = Configured(shared, own, regionId);
        string[] import = ["import-talents", file, "--region", regionId.ToString(), "--report"];

        var (exitCode, output, errors) = await ServiceProcess.RunAsync(environment, [.. import, Path.Combine(_folder, "first.csv")]);

        exitCode.ShouldBe(2, errors);
        output.Trim().ShouldBe("""{"imported":3,"alreadyImported":0,"rejected":2}""");
        var report = await File.ReadAllLinesAsync(Path.Combine(_folder, "first.csv"));
        report.Select(line => string.Join(',', line.Split(',').Take(3))).ShouldBe(["line,field,rule", "4,email,Predicate", "6,educationLevel,OneOf"]);
        var region = $"'{regionId}'";
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_events where tenant_id = {region} and type = 'talent_registered.v1'")).ShouldBe(3);
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_doc_talent where tenant_id = {region}")).ShouldBe(3);
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_doc_shared_talent where tenant_id = {region}")).ShouldBe(3);
        (await ScalarAsync(shared, $"select count(*) from talentpool.mt_events where tenant_id = {region}")).ShouldBe(0);
        (await RowsOfTenantAsync(shared, regionId)).ShouldBeEmpty();
        var events = await ScalarAsync(own, "select count(*) from talentpool.mt_events");

        var again = await ServiceProcess.RunAsync(environment, [.. import, Path.Combine(_folder, "again.csv")]);

        again.ExitCode.ShouldBe(2, again.Errors);
        again.Output.Trim().ShouldBe("""{"imported":0,"alreadyImported":3,"rejected":2}""");
        again.Errors.ShouldContain($"line 2: already imported (priya.{tag}@example.com is registered)");
        again.Errors.ShouldContain($"line 5: already imported (mei.{tag}@example.com is registered)");
        (await File.ReadAllLinesAsync(Path.Combine(_folder, "again.csv"))).ShouldBe(report);
        (await ScalarAsync(own, "select count(*) from talentpool.mt_events")).ShouldBe(events);
        (await ScalarAsync(own, $"select count(*) from talentpool.mt_doc_talent where tenant_id = {region}")).ShouldBe(3);
    }

    /// <summary>Every document table's rows of the tenant, named by table: none expected outside the tenant's database.</summary>
    private static async Task<List<string>> RowsOfTenantAsync(string connectionString, Guid regionId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.columns " +
            "where table_schema = 'talentpool' and column_name = 'tenant_id' and table_name like 'mt_doc_%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from talentpool.{table} where tenant_id = @tenant", connection);
            count.Parameters.AddWithValue("tenant", regionId.ToString());
            if (Convert.ToInt64(await count.ExecuteScalarAsync()) is var rows and > 0) found.Add($"{table}: {rows}");
        }
        return found;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
