using TalentPool.Hosting;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Seeding;
using TalentPool.Talents;

namespace TalentPool.Benchmarks;

// Shared-talent search at scale (`--scenario search`): for each size, the shared base filled straight with the documents
// the inline projection writes for the demo generator's talents (Seeding/DemoTalents, seed 42, two years up to
// 2026-11-25: each talent's own events folded by SharedTalent.Next, the same code the projection runs), bulk-inserted
// through the service's own store configuration, so the same table, columns, indexes and document shape as live writes.
// The facet-count and probe triggers are off during the bulk load; the counts and the probe rows are made from the documents
// afterwards (SharedTalentFacetCounts.RecountSql, SharedTalentProbes.RefillSql; tests hold the triggers' rows equal to those). No events and no other
// read model are written: only the search is measured. Then the service (Production, Kestrel on loopback) and
// `--concurrency` clients reading each URL `--reads` times after a tenth as warm-up.
public static class SearchAtScaleBenchmark
{
    private static readonly DateOnly Until = new(2026, 11, 25);

    public static async Task RunAsync(string sizes, int reads, int concurrency, string databasePrefix = "bench", string only = "", bool explain = true)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {concurrency} concurrent clients, {reads} reads per URL after {reads / 10} warm-up reads");
        Console.WriteLine("The shared base is bulk-loaded (documents as the inline projection writes them; facet counts recounted after the load), not seeded through events.");
        foreach (var talents in sizes.Split(',').Select(int.Parse))
        {
            var database = await postgres.CreateDatabaseAsync($"{databasePrefix}_search_{talents}");
            var held = await LoadAsync(database, talents);
            var capture = new SqlCapture();
            await using var service = BenchmarkService.Start(database, host =>
            {
                FloorEndpoint.AddTo(host);
                host.ConfigureServices(services => services.ConfigureMarten(options => options.Logger(capture)));
            });
            capture.Http = service.Services.GetRequiredService<IHttpContextAccessor>();
            var tokens = service.Services.GetRequiredService<TokenIssuer>();
            // Members that do not exist read with the default consent validity (24 months), as a member of a region would.
            using var asPartner = service.Client(tokens.Issue(Roles.Partner, DemoIds.Of(ReadsAtScaleBenchmark.Seed, "region", 0), DemoIds.Of(ReadsAtScaleBenchmark.Seed, "partner", 0)));
            using var asMunicipality = service.Client(tokens.Issue(Roles.Municipality, DemoIds.Of(ReadsAtScaleBenchmark.Seed, "region", 0), DemoIds.Of(ReadsAtScaleBenchmark.Seed, "municipality", 0)));
            var since = Until.AddDays(-90).ToString("yyyy-MM-dd");
            var cursor = await CursorAsync(asPartner, talents / 2);
            (string Name, HttpClient Client, string Url)[] floors =
            [
                ("floor: authenticated GET, no database", asPartner, FloorEndpoint.Path),
                ("floor: saved searches (1 round trip)", asPartner, "/api/v1/saved-searches"),
            ];
            (string Name, HttpClient Client, string Url)[] urls =
            [
                ("no filter", asPartner, "/api/v1/shared-talents"),
                ("no filter, a page deep (after=)", asPartner, $"/api/v1/shared-talents?after={cursor}"),
                ("competence area", asPartner, "/api/v1/shared-talents?competenceArea=Nursing"),
                ("country + language", asPartner, "/api/v1/shared-talents?country=IN&language=en"),
                ("education + experience", asPartner, "/api/v1/shared-talents?educationLevel=Master&minYearsOfExperience=10"),
                ("+1 + preferred municipality", asPartner, "/api/v1/shared-talents?hasAccompanyingPartner=true&preferredMunicipality=3403"),
                ("registered in the last 90 days", asPartner, $"/api/v1/shared-talents?registeredSince={since}"),
                ("free text", asPartner, "/api/v1/shared-talents?search=welding"),
                ("phrase + competence area", asPartner, "/api/v1/shared-talents?search=%22cell%20production%22&competenceArea=Battery%20engineering"),
                ("rare: area + country + education", asPartner, "/api/v1/shared-talents?competenceArea=Medicine&country=IT&educationLevel=Doctorate"),
                ("municipality scope, no filter", asMunicipality, "/api/v1/shared-talents"),
                ("municipality scope, area", asMunicipality, "/api/v1/shared-talents?competenceArea=Teaching"),
            ];
            Console.WriteLine($"{talents:N0} talents ({held:N0} in the shared base); load average {LoadAverage()}");
            // The floor first and last: what any authenticated read costs on this machine with these clients, beside the searches.
            var floorP95 = new List<double>();
            async Task FloorAsync()
            {
                foreach (var (name, client, url) in floors)
                {
                    var (latencies, failed, cost) = await RequestCost.MeasureAsync(client, url, reads, concurrency, database);
                    if (url == FloorEndpoint.Path && latencies.Count > 0) floorP95.Add(Latencies.Percentile(latencies, 0.95));
                    Console.WriteLine($"  {name,-42} {(latencies.Count > 0 ? Latencies.Describe(latencies) : "no answer")}"
                        + $"{(failed > 0 ? $"   {failed} of {reads} failed" : "")}   {cost.Describe()}");
                }
            }
            await FloorAsync();
            foreach (var (name, client, url) in urls.Where(u => only.Length == 0 || only.Split(',').Any(o => u.Name.Contains(o, StringComparison.Ordinal))))
            {
                // One request alone first: what it sends to PostgreSQL and what it answers.
                capture.Arm("/api/v1/shared-talents");
                var body = await client.GetByteArrayAsync(url);
                var sent = capture.Take();
                var (latencies, failed, cost) = await RequestCost.MeasureAsync(client, url, reads, concurrency, database);
                var ratio = latencies.Count > 0 ? $"   p95 {Latencies.Percentile(latencies, 0.95) / floorP95[0]:F1}x the floor's" : "";
                Console.WriteLine($"  search: {name,-34} {(latencies.Count > 0 ? Latencies.Describe(latencies) : "no answer")}"
                    + $"{(failed > 0 ? $"   {failed} of {reads} failed" : "")}{ratio}");
                Console.WriteLine($"      {cost.Describe()}; {sent.RoundTrips.Count} round trip(s), {sent.Statements} statement(s), {body.Length:N0} bytes; facets {Facets(body)}");
                if (explain)
                {
                    var sqlFile = Path.Combine(Path.GetTempPath(), $"talentpool-search-{talents}-{new string([.. name.Where(char.IsLetterOrDigit)])}.sql");
                    foreach (var line in await RequestCost.ExplainAsync(database, sent, sqlFile)) Console.WriteLine($"      {line}");
                }
            }
            await FloorAsync();
            Console.WriteLine($"  floor p95 (first, last): {string.Join(", ", floorP95.Select(p => $"{p:F1} ms"))}");
            Console.WriteLine($"  load average after: {LoadAverage()}");
        }
    }

    /// <summary>
    /// Fills the shared base; a database an earlier run filled to the end (TALENTPOOL_BENCH_POSTGRES: the table's comment
    /// says how many talents it holds) is read as it is. A load that stopped half-way (no comment) is emptied and done again.
    /// </summary>
    internal static async Task<long> LoadAsync(string database, int talents)
    {
        await using var store = ReadsAtScaleBenchmark.SeedingStore(database);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var table = ((IDocumentStore)store).Options.Schema.For<SharedTalent>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        async Task<long> ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
        }

        var loaded = $"bench: {talents} talents loaded";
        var held = await ExecuteAsync($"select count(*) from {table}");
        if (held > 0 && await ExecuteAsync($"select count(*) where obj_description('{table}'::regclass, 'pg_class') = '{loaded}'") == 1)
        {
            // A base loaded before the probe table existed got its rows when the schema was applied above: vacuumed, so that the
            // walks are index-only (the visibility map), as after a load (a no-op when done already).
            await ExecuteAsync($"vacuum analyze {SharedTalentProbes.Table(store.Options.DatabaseSchemaName)}");
            return held;
        }
        if (held > 0)
        {
            Console.WriteLine($"{table} holds {held:N0} documents of a load that did not finish: emptied and loaded again");
            await ExecuteAsync($"truncate {table}");
        }

        var loading = Stopwatch.StartNew();
        await ExecuteAsync($"alter table {table} disable trigger mt_shared_talent_counts_facets_inserted");
        await ExecuteAsync($"alter table {table} disable trigger mt_shared_talent_probes_inserted");
        var history = new DemoHistory(new DemoDataPlan(ReadsAtScaleBenchmark.Seed, talents, 2, Until));
        const int Chunk = 20_000;
        for (var first = 0; first < talents; first += Chunk)
        {
            var documents = new List<SharedTalent>(Chunk);
            for (var number = first; number < Math.Min(talents, first + Chunk); number++)
            {
                var talent = history.Talents[number];
                if (talent.Events.Aggregate((SharedTalent?)null, SharedTalent.Next)?.IfSharing() is { } shared) documents.Add(shared);
            }
            // In the demo region's tenant (regions are tenants), where its members search.
            await store.BulkInsertAsync(RegionTenancy.TenantOf(DemoIds.Of(ReadsAtScaleBenchmark.Seed, "region", 0)), documents, batchSize: 5_000);
            Console.Error.WriteLine($"  loading: {Math.Min(talents, first + Chunk):N0} of {talents:N0} talents, {loading.Elapsed.TotalSeconds:N0} s");
        }
        await ExecuteAsync($"alter table {table} enable trigger mt_shared_talent_counts_facets_inserted");
        await ExecuteAsync(SharedTalentFacetCounts.RecountSql(store.Options.DatabaseSchemaName, table));
        await ExecuteAsync($"alter table {table} enable trigger mt_shared_talent_probes_inserted");
        await ExecuteAsync(SharedTalentProbes.RefillSql(store.Options.DatabaseSchemaName, table));
        await ReadsAtScaleBenchmark.VacuumAnalyzeAsync(database);
        held = await ExecuteAsync($"select count(*) from {table}");
        await ExecuteAsync($"comment on table {table} is '{loaded}'");
        Console.WriteLine($"{talents:N0} talents: {held:N0} shared-base documents loaded, counted and analysed in {loading.Elapsed.TotalSeconds:N0} s");
        return held;
    }

    /// <summary>An id about <paramref name="deep"/> talents down the no-filter order, for a page read deep in the base.</summary>
    private static async Task<Guid> CursorAsync(HttpClient client, int deep)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/shared-talents?limit=200");
        var next = page.GetProperty("next").GetGuid();
        for (var read = 200; read < Math.Min(deep, 2_000); read += 200)
        {
            page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/shared-talents?limit=200&after={next}");
            next = page.GetProperty("next").GetGuid();
        }
        return next;
    }

    private static string Facets(byte[] body)
    {
        var facets = JsonDocument.Parse(body).RootElement.GetProperty("facets");
        return $"{(facets.GetProperty("exact").GetBoolean() ? "exact" : "bounded")} over {facets.GetProperty("countedTalents").GetInt32():N0}";
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
