using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Weasel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Seeding;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Benchmarks;

// Matching at scale (`--scenario matching`): for each size the shared base is bulk-loaded as the search benchmark loads it
// (the demo generator's talents, seed 42, their documents folded by the inline projection's own code), then the demo
// region gets open vacancies (VacancyView documents, bulk-inserted: 20 per competence area, the municipalities and
// requirements varied) and the talent documents of a few hundred talents for their own view. Then the service (Production,
// Kestrel on loopback) and `--concurrency` clients reading each URL `--reads` times after a tenth as warm-up: a vacancy's
// ranking (its employer's token) and a talent's own view (the talent's token).
public static class MatchingAtScaleBenchmark
{
    private static readonly DateOnly Until = new(2026, 11, 25);
    private static readonly Guid Region = DemoIds.Of(ReadsAtScaleBenchmark.Seed, "region", 0);
    private static readonly Guid Employer = DemoIds.Of(ReadsAtScaleBenchmark.Seed, "matching-partner", 0);

    private static readonly string[] Areas =
    [
        "Battery engineering", "Process chemistry", "Electrical engineering", "Nursing", "Software", "Welding",
        "Automation", "Mechanical engineering", "Logistics", "Teaching", "Medicine", "Construction",
    ];

    private static readonly string[] Municipalities = ["3403", "3405", "3407", "3411", "3412", "3413"];

    /// <summary>The vacancies measured, by name: what each asks for.</summary>
    private static readonly (string Name, VacancyDetails Details)[] Measured =
    [
        ("common area, nb + en, bachelor, 5 years", Details("Battery engineering", "3403", ["nb", "en"], EducationLevel.Bachelor, 5)),
        ("common area, English, nothing else", Details("Nursing", "3405", ["en"], null, null)),
        ("common area, no language", Details("Software", "3407", [], null, null)),
        ("rare: area + Italian + doctorate", Details("Medicine", "3411", ["it"], EducationLevel.Doctorate, 10)),
    ];

    public static async Task RunAsync(string sizes, int reads, int concurrency, string databasePrefix = "bench")
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {concurrency} concurrent clients, {reads} reads per URL after {reads / 10} warm-up reads");
        Console.WriteLine("The shared base is bulk-loaded (documents as the inline projection writes them), with 244 open vacancies (4 measured, 20 per competence area besides).");
        var firstP95 = new Dictionary<string, double>();
        foreach (var talents in sizes.Split(',').Select(int.Parse))
        {
            var database = await postgres.CreateDatabaseAsync($"{databasePrefix}_matching_{talents}");
            var held = await SearchAtScaleBenchmark.LoadAsync(database, talents);
            var (vacancies, ownViews) = await LoadVacanciesAndTalentsAsync(database, talents);
            await ReadsAtScaleBenchmark.VacuumAnalyzeAsync(database);
            var capture = new SqlCapture();
            await using var service = BenchmarkService.Start(database, host =>
            {
                FloorEndpoint.AddTo(host);
                host.ConfigureServices(services => services.ConfigureMarten(options => options.Logger(capture)));
            });
            capture.Http = service.Services.GetRequiredService<IHttpContextAccessor>();
            var tokens = service.Services.GetRequiredService<TokenIssuer>();
            using var employer = service.Client(tokens.Issue(Roles.Partner, Region, Employer));
            var urls = vacancies.Select(v => (v.Name, Client: employer, Url: $"/api/v1/vacancies/{v.Id}/matches?limit=50")).ToList();
            var ownClients = ownViews.Select(id => service.Client(tokens.Issue(Roles.Talent, Region, id))).ToList();
            urls.Add(("a talent's own view", ownClients[0], $"/api/v1/talents/{ownViews[0]}/matching-vacancies?limit=50"));

            Console.WriteLine($"{talents:N0} talents ({held:N0} in the shared base); load average {LoadAverage()}");
            // The machine's floor for these clients, in this run (SearchAtScaleBenchmark's): an authenticated GET with no database.
            var (floor, _, floorCost) = await RequestCost.MeasureAsync(employer, FloorEndpoint.Path, reads, concurrency, database);
            Console.WriteLine($"  floor: authenticated GET, no database {Latencies.Describe(floor)}   {floorCost.Describe()}");
            foreach (var (name, client, url) in urls)
            {
                // One request alone first: what it sends to PostgreSQL and what it answers.
                capture.Arm("/api/v1");
                var body = await client.GetByteArrayAsync(url);
                var sent = capture.Take();
                var scored = JsonDocument.Parse(body).RootElement.GetProperty("scored").GetInt32();
                var (latencies, failed, cost) = await RequestCost.MeasureAsync(client, url, reads, concurrency, database);
                var p95 = latencies.Count > 0 ? Latencies.Percentile(latencies, 0.95) : double.NaN;
                var ratio = firstP95.TryGetValue(name, out var first) ? $"   p95 {p95 / first:F2}× the first size's" : "";
                firstP95.TryAdd(name, p95);
                Console.WriteLine($"  matching: {name,-42} {(latencies.Count > 0 ? Latencies.Describe(latencies) : "no answer")}"
                    + $"{(failed > 0 ? $"   {failed} of {reads} failed" : "")}   scored {scored:N0}{ratio}");
                Console.WriteLine($"      {cost.Describe()}; {sent.RoundTrips.Count} round trip(s), {sent.Statements} statement(s), {body.Length:N0} bytes");
                var sqlFile = Path.Combine(Path.GetTempPath(), $"talentpool-matching-{talents}-{new string([.. name.Where(char.IsLetterOrDigit)])}.sql");
                foreach (var line in await RequestCost.ExplainAsync(database, sent, sqlFile)) Console.WriteLine($"      {line}");
            }
            Console.WriteLine($"  load average after: {LoadAverage()}");
            foreach (var client in ownClients) client.Dispose();
        }
    }

    private static VacancyDetails Details(string area, string municipality, string[] languages, EducationLevel? education, int? years) =>
        new($"{area} specialist", $"Join our {area.ToLowerInvariant()} team.", area, municipality, 1, Until.AddMonths(3), languages, education, years);

    /// <summary>The measured vacancies, 20 more per competence area, and the talent documents of the first 200 talents.</summary>
    private static async Task<(List<(string Name, Guid Id)> Measured, List<Guid> Talents)> LoadVacanciesAndTalentsAsync(string database, int talents)
    {
        await using var store = ReadsAtScaleBenchmark.SeedingStore(database);
        var tenant = RegionTenancy.TenantOf(Region);
        var posted = new DateTimeOffset(Until.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        VacancyView Open(Guid id, VacancyDetails details) =>
            new(id, EmployerKind.Partner, Employer, Region, details, VacancyStatus.Open, null, posted, null) { Version = 1 };

        var measured = Measured.Select((m, i) => (m.Name, Id: DemoIds.Of(ReadsAtScaleBenchmark.Seed, "matching-vacancy", i))).ToList();
        var random = new Random(ReadsAtScaleBenchmark.Seed);
        var vacancies = measured.Select((m, i) => Open(m.Id, Measured[i].Details)).ToList();
        for (var i = 0; i < Areas.Length * 20; i++)
        {
            var area = Areas[i % Areas.Length];
            string[] languages = random.Next(3) switch { 0 => ["nb"], 1 => ["en"], _ => ["nb", "en"] };
            vacancies.Add(Open(DemoIds.Of(ReadsAtScaleBenchmark.Seed, "matching-vacancy", 100 + i),
                Details(area, Municipalities[random.Next(Municipalities.Length)], languages, (EducationLevel)random.Next(6), random.Next(10))));
        }
        await store.BulkInsertAsync(tenant, vacancies, BulkInsertMode.OverwriteExisting);

        var history = new DemoHistory(new DemoDataPlan(ReadsAtScaleBenchmark.Seed, talents, 2, Until));
        var own = Enumerable.Range(0, Math.Min(200, talents)).Select(n => history.Talents[n])
            .Select(t => Talent.Create(t.Registered)).ToList();
        await store.BulkInsertAsync(tenant, own, BulkInsertMode.OverwriteExisting);
        return (measured, [.. own.Select(t => t.Id)]);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
