using System.Diagnostics;
using System.Net.Http.Headers;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Seeding;

namespace TalentPool.Benchmarks;

// Reads at scale (`--scenario reads`): for each size, a database seeded by the demo data generator (Seeding/DemoHistory)
// with that many talents over two years, the async projections caught up by the service's own daemon, VACUUM ANALYZE;
// then 8 concurrent clients read the shared talent base (several filter combinations, free text; every answer carries its
// facets) and every dashboard and region metric, each URL `--reads` times after a warm-up, printing p50/p95/p99.
public static class ReadsAtScaleBenchmark
{
    public const int Seed = 42;
    private static readonly DateOnly Until = new(2026, 11, 25);

    /// <param name="only">Measure only the URLs whose name starts with one of these (comma-separated; empty: every URL),
    /// e.g. <c>partner,municipality,region</c> for the dashboards and metrics without the search.</param>
    public static async Task RunAsync(string sizes, int reads, int concurrency, string only = "")
    {
        var prefixes = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Each URL's p99 at the first size: every later size prints its ratio to it (baselines from the same run).
        var firstP99 = new Dictionary<string, double>();
        await using var postgres = await BenchmarkPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {concurrency} concurrent clients, {reads} reads per URL after {reads / 10} warm-up reads");
        // A size is a number of talents, or talents x activity (`1000000x34`: the same talents in a history ~7x as long).
        foreach (var (talents, activity) in sizes.Split(',').Select(size => size.Split('x')).Select(p => (int.Parse(p[0]), p.Length > 1 ? int.Parse(p[1]) : 1)))
        {
            var database = await postgres.CreateDatabaseAsync(activity == 1 ? $"bench_reads_{talents}" : $"bench_reads_{talents}x{activity}");
            var plan = new DemoDataPlan(Seed, talents, 2, Until, Activity: activity); // named: the fifth parameter is Members
            // Seeded before the service starts, with no daemon running: a large seeding transaction that takes long to commit
            // leaves a gap in the sequence that a running daemon may give up waiting for and skip. A database seeded by an
            // earlier run (TALENTPOOL_BENCH_POSTGRES) is read again as it is: same seed, same history.
            var seeded = await EventCountAsync(database);
            if (seeded == 0)
            {
                await using var seeding = SeedingStore(database);
                await seeding.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                var (summary, _) = await BulkDemoDataSeeder.SeedAsync(seeding, plan, message => Console.Error.WriteLine($"  seeding: {message}"));
                seeded = summary.Events;
                Console.WriteLine($"{talents:N0} talents: seeded {summary.Events:N0} events in {summary.Streams:N0} streams in {summary.Seconds:N0} s " +
                    $"({summary.EventsPerSecond:N0} events/s)");
            }
            else if (!await SeedingFinishedAsync(database))
            {
                // Its events are committed batch by batch, the async projections' progress only at the end: read as it is, a
                // seeding cut short would be measured as a smaller history with dashboards that miss part of it.
                throw new InvalidOperationException($"Database {new NpgsqlConnectionStringBuilder(database).Database} holds a seeding " +
                    "that was cut short (no async projection is at its last event): drop it, then run again.");
            }
            await using var service = BenchmarkService.Start(database);
            var store = service.Services.GetRequiredService<IDocumentStore>();
            var caughtUp = Stopwatch.StartNew();
            await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(2));
            await VacuumAnalyzeAsync(database);
            Console.WriteLine($"{talents:N0} talents, {seeded:N0} events: async projections current after {caughtUp.Elapsed.TotalSeconds:N0} s; reading");
            var region = new DemoHistory(plan).RegionId;

            var tokens = service.Services.GetRequiredService<TokenIssuer>();
            var partner = DemoIds.Of(Seed, "partner", 0);
            var municipality = DemoIds.Of(Seed, "municipality", 0);
            using var asPartner = service.Client(tokens.Issue(Roles.Partner, region, partner));
            using var asMunicipality = service.Client(tokens.Issue(Roles.Municipality, region, municipality));
            var since = Until.AddDays(-90).ToString("yyyy-MM-dd");
            (string Name, HttpClient Client, string Url)[] urls =
            [
                ("search: no filter", asPartner, "/api/v1/shared-talents"),
                ("search: competence area", asPartner, "/api/v1/shared-talents?competenceArea=Nursing"),
                ("search: country + language", asPartner, "/api/v1/shared-talents?country=IN&language=en"),
                ("search: education + experience", asPartner, "/api/v1/shared-talents?educationLevel=Master&minYearsOfExperience=10"),
                ("search: +1 + preferred municipality", asPartner, "/api/v1/shared-talents?hasAccompanyingPartner=true&preferredMunicipality=3403"),
                ("search: registered in the last 90 days", asPartner, $"/api/v1/shared-talents?registeredSince={since}"),
                ("search: free text", asPartner, "/api/v1/shared-talents?search=welding"),
                ("search: phrase + competence area", asPartner, "/api/v1/shared-talents?search=%22cell%20production%22&competenceArea=Battery%20engineering"),
                ("search: municipality scope", asMunicipality, "/api/v1/shared-talents?competenceArea=Teaching"),
                ("partner dashboard", asPartner, $"/api/v1/partners/{partner}/dashboard"),
                ("municipality dashboard", asMunicipality, $"/api/v1/municipalities/{municipality}/dashboard"),
                ("region monthly metrics", asPartner, $"/api/v1/regions/{region}/metrics/monthly"),
                ("region hires per month", asPartner, $"/api/v1/regions/{region}/metrics/hires-per-month"),
                ("region retention", asPartner, $"/api/v1/regions/{region}/metrics/retention"),
                ("region member churn", asPartner, $"/api/v1/regions/{region}/metrics/member-churn"),
                ("region target markets", asPartner, $"/api/v1/regions/{region}/metrics/target-markets"),
                ("region goals", asPartner, $"/api/v1/regions/{region}/metrics/goals"),
            ];
            Console.WriteLine($"  load average {SeedingBenchmark.LoadAverage()}");
            foreach (var (name, client, url) in urls.Where(u => prefixes.Length == 0 || prefixes.Any(p => u.Name.StartsWith(p, StringComparison.Ordinal))))
            {
                var (latencies, failed) = await MeasureAsync(client, url, reads, concurrency);
                var ratio = "";
                if (latencies.Count > 0)
                {
                    var p99 = Latencies.Percentile(latencies, 0.99);
                    if (firstP99.TryGetValue(name, out var first)) ratio = $"   p99 {p99 / first:F2}x the first size's";
                    else firstP99[name] = p99;
                }
                // A failed read (a 503 when PostgreSQL's answer outlasts the command timeout) is counted, not fatal: the other URLs still get measured.
                Console.WriteLine($"  {name,-40} {(latencies.Count > 0 ? Latencies.Describe(latencies) : "no answer")}{ratio}{(failed > 0 ? $"   {failed} of {reads} failed" : "")}");
            }
            Console.WriteLine($"  load average {SeedingBenchmark.LoadAverage()}");
        }
    }

    /// <summary>GET <paramref name="url"/> by <paramref name="concurrency"/> clients, a tenth as warm-up first: the answers' latencies and the failures.</summary>
    public static async Task<(List<double> Latencies, int Failed)> MeasureAsync(HttpClient client, string url, int reads, int concurrency)
    {
        await ReadAsync(client, url, reads / 10, concurrency);
        return await ReadAsync(client, url, reads, concurrency);
    }

    /// <summary><paramref name="count"/> GETs of <paramref name="url"/> by <paramref name="concurrency"/> clients at once: the successful answers' latencies (ms) and the failures.</summary>
    public static async Task<(List<double> Latencies, int Failed)> ReadAsync(HttpClient client, string url, int count, int concurrency)
    {
        var latencies = new List<double>(count);
        var failed = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
                else lock (latencies) latencies.Add(elapsed);
            }
        }));
        return (latencies, failed);
    }

    public static DocumentStore SeedingStore(string connectionString)
    {
        // No command timeout: under load, one batch's COPY of 20,000 talents' documents (the shared base's triggers and
        // indexes) outlasted the default 30 s and ended a 10M-event seeding.
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        return DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.ConfigureTalentPoolStore(dataSource);
        });
    }

    /// <summary>Whether the seeding of this database ran to its end: the seeder sets the async projections' progress last.</summary>
    public static async Task<bool> SeedingFinishedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var finished = new NpgsqlCommand(
            "select exists (select 1 from talentpool.mt_event_progression where name not like 'HighWater%' " +
            "and last_seq_id >= (select max(seq_id) from talentpool.mt_events))", connection);
        return (bool)(await finished.ExecuteScalarAsync())!;
    }

    public static async Task<long> EventCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select coalesce((select count(*) from talentpool.mt_events), 0)", connection);
        try
        {
            return (long)(await count.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    public static async Task VacuumAnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var vacuum = new NpgsqlCommand("vacuum analyze", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
    }
}

public static class Latencies
{
    public static string Describe(List<double> latencies) =>
        $"p50 {Percentile(latencies, 0.50),7:F1} ms   p95 {Percentile(latencies, 0.95),7:F1} ms   p99 {Percentile(latencies, 0.99),7:F1} ms";

    public static double Percentile(List<double> latencies, double p)
    {
        latencies.Sort();
        return latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
    }
}
