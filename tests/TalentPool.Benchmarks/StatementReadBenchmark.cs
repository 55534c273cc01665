using TalentPool.Hosting;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hires;

namespace TalentPool.Benchmarks;

// Statement reads (`--scenario statements`): the latency of reading one month's statements, one client, sequential
// requests, against regions whose history before that month holds 0, 1,000, 5,000 and 15,000 hires. Two kinds of region
// per size: months never closed (an open month is read), and every month closed after its hires (the first open month,
// which carries the corrections of closed months, is read; a hire recorded late for the last closed month is corrected
// there). The month read holds 20 hires in every region, so only the history differs. History is appended as events
// through the service's own store (the inline projections run as behind the API); closes go through the API.
public static class StatementReadBenchmark
{
    private static readonly BillingMonth ReadMonth = new(2026, 10);
    private const int HistoryMonths = 60;

    /// <param name="reads">sequential reads per figure</param>
    /// <param name="sizes">hires of history per region, e.g. "0,1000,5000,15000"</param>
    /// <param name="kinds">"open", "closed" or "both"</param>
    public static async Task RunAsync(int reads, string sizes, string kinds)
    {
        var historySizes = sizes.Split(',').Select(int.Parse).ToList();
        bool[] closedKinds = kinds switch { "open" => [false], "closed" => [true], _ => [false, true] };
        await using var postgres = await BenchmarkPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {reads} sequential reads per figure after {reads / 10} warm-up reads, one client");

        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        var database = await postgres.CreateDatabaseAsync("bench_statements");
        await using var service = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host =>
        {
            host.UseSolutionRelativeContentRoot("src/TalentPool");
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:TalentPool", database);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            host.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        service.UseKestrel(0);
        service.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri(service.ClientOptions.BaseAddress, "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            service.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, null));
        var store = service.Services.GetRequiredService<IDocumentStore>();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

        var number = 7000;
        foreach (var closed in closedKinds)
        {
            foreach (var size in historySizes)
            {
                var (region, partner) = await SeedAsync(client, store, json, size, closed, ++number);
                await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(5)); // the async metrics settle first
                var partnerRead = await MeasureAsync(client, $"/api/v1/partners/{partner}/statements/{ReadMonth}", reads);
                var regionRead = await MeasureAsync(client, $"/api/v1/regions/{region}/statements/{ReadMonth}", reads);
                Console.WriteLine($"{(closed ? "every month closed, first open month" : "no month closed, an open month"),-40} " +
                    $"{size,6} hires before: partner statement {partnerRead}; region statements {regionRead}");
            }
        }
    }

    private static async Task<(Guid Region, Guid Partner)> SeedAsync(
        HttpClient client, IDocumentStore store, JsonSerializerOptions json, int historyHires, bool closeMonths, int number)
    {
        var municipality = number.ToString("D4");
        var county = await PostAsync(client, json, "/api/v1/counties",
            new { name = $"County {number}", country = "NO", municipalityNumbers = new[] { municipality } });
        var region = await PostAsync(client, json, "/api/v1/regions",
            new { name = $"Region {number}", countyId = county, country = "NO", currency = "NOK", municipalityNumbers = new[] { municipality } });
        var first = ReadMonth.FirstDay.AddMonths(-HistoryMonths);
        var partner = await PostAsync(client, json, "/api/v1/partners", new
        {
            regionId = region, name = $"Partner {number}", organisationNumber = $"9{number:D8}", employeeCount = 120, founding = false,
            joinedOn = first,
        });
        await PostAsync(client, json, "/api/v1/municipalities", new
        {
            regionId = region, number = municipality, name = $"Kommune {number}", population = 20_000, populationCountedIn = 2025, joinedOn = first,
            paidBy = "Municipality",
        });

        var fee = new Money(20_000m, "NOK");
        for (var m = 0; m < HistoryMonths; m++)
        {
            var month = BillingMonth.Of(first.AddMonths(m));
            var inMonth = historyHires / HistoryMonths + (m < historyHires % HistoryMonths ? 1 : 0);
            await AppendHiresAsync(store, region, partner, month, inMonth, fee);
            if (closeMonths) await PostAsync(client, json, $"/api/v1/regions/{region}/billing-periods/{month}/close", new { }, expected: 200);
        }
        if (closeMonths) await AppendHiresAsync(store, region, partner, ReadMonth.Previous, 1, fee); // late: corrected in the read month
        await AppendHiresAsync(store, region, partner, ReadMonth, 20, fee);
        return (region, partner);
    }

    private static async Task AppendHiresAsync(IDocumentStore store, Guid region, Guid partner, BillingMonth month, int count, Money fee)
    {
        await using var session = store.LightweightSession(RegionTenancy.TenantOf(region));
        for (var i = 0; i < count; i++)
        {
            var hireId = Guid.NewGuid();
            var day = month.FirstDay.AddDays(i % month.Days);
            session.Events.StartStream<Hire>(hireId, new HireRecorded(hireId, Guid.NewGuid(), partner, region, null, day, day,
                HireClassification.External, null, fee, "IN", ["Welding"], DateTimeOffset.UtcNow, TalentHasAccompanyingPartner: false,
                WorkplaceMunicipality: null));
        }
        await session.SaveChangesAsync();
    }

    private static async Task<string> MeasureAsync(HttpClient client, string url, int reads)
    {
        for (var i = 0; i < reads / 10; i++) (await client.GetAsync(url)).EnsureSuccessStatusCode();
        var latencies = new List<double>(reads);
        for (var i = 0; i < reads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
        return $"p50 {Percentile(0.50),6:F2} ms, p95 {Percentile(0.95),6:F2} ms";
    }

    private static async Task<Guid> PostAsync(HttpClient client, JsonSerializerOptions json, string url, object body, int expected = 201)
    {
        using var response = await client.PostAsJsonAsync(url, body, json);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected) throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {text}");
        return expected == 201 ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid() : Guid.Empty;
    }
}
