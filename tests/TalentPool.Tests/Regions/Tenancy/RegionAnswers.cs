using System.Text.Json.Nodes;
using Alba;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Seeding;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>
/// A seeded region as the API answers it to the region's own admin token (its secretariat): the region, its members, every
/// talent and hire, its statements and every dashboard and metric — to show that a region moved somewhere (into its tenant,
/// into a database of its own) answers exactly as before. <c>freshness</c> (the daemon's sequences and clock) is left out.
/// </summary>
public static class RegionAnswers
{
    /// <summary>The small region these tests seed (the seed command's test size).</summary>
    public static readonly DemoDataPlan Plan = new(11, 150, 2, DateOnly.Parse(OperatorCommands.SeededUntil), 6);

    private static readonly string[] Months = ["2025-06", "2025-12", "2026-03", "2026-10", "2026-11"];
    private const string Period = "from=2025-01&to=2026-11";

    public static IReadOnlyList<string> UrlsOf(DemoDataPlan plan)
    {
        var history = new DemoHistory(plan);
        var region = history.RegionId;
        var streams = history.Streams().ToList();
        IEnumerable<Guid> Of<T>() => streams.Where(s => s.Aggregate == typeof(T)).Select(s => s.Id);
        List<string> urls =
        [
            $"/api/v1/regions/{region}",
            $"/api/v1/regions/{region}/partners?limit=200",
            $"/api/v1/regions/{region}/metrics/monthly?{Period}",
            $"/api/v1/regions/{region}/metrics/hires-per-month?{Period}",
            $"/api/v1/regions/{region}/metrics/member-churn?{Period}",
            $"/api/v1/regions/{region}/metrics/retention?{Period}",
            $"/api/v1/regions/{region}/metrics/target-markets?{Period}",
            $"/api/v1/regions/{region}/metrics/goals?asOf={OperatorCommands.SeededUntil}",
            "/api/v1/shared-talents?limit=200",
            "/api/v1/shared-talents?limit=200&scope=Municipalities",
            "/api/v1/vacancies?limit=200",
        ];
        urls.AddRange(Months.Select(month => $"/api/v1/regions/{region}/statements/{month}"));
        foreach (var partner in Of<Partner>())
        {
            urls.Add($"/api/v1/partners/{partner}");
            urls.Add($"/api/v1/partners/{partner}/dashboard?asOf={OperatorCommands.SeededUntil}");
            urls.Add($"/api/v1/partners/{partner}/statements/{Months[^2]}");
        }
        foreach (var municipality in Of<Municipality>())
        {
            urls.Add($"/api/v1/municipalities/{municipality}");
            urls.Add($"/api/v1/municipalities/{municipality}/dashboard?asOf={OperatorCommands.SeededUntil}");
        }
        urls.AddRange(Of<Talent>().Select(talent => $"/api/v1/talents/{talent}"));
        urls.AddRange(Of<Hire>().Select(hire => $"/api/v1/hires/{hire}"));
        return urls;
    }

    /// <summary>Each URL's status and body (without <c>freshness</c>), read with the region's admin token.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(IAlbaHost host, DemoDataPlan plan)
    {
        var regionId = new DemoHistory(plan).RegionId;
        var token = host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, regionId);
        var answers = new Dictionary<string, string>();
        foreach (var url in UrlsOf(plan))
        {
            var result = await host.Scenario(s =>
            {
                s.As(token).Get.Url(url);
                s.IgnoreStatusCode();
            });
            var body = await result.ReadAsTextAsync();
            answers[url] = $"{result.Context.Response.StatusCode} {WithoutFreshness(body)}";
        }
        return answers;
    }

    /// <summary>Leaves out what the clock makes, not the data: the daemon's freshness, a problem's trace id, and when consents given "now" would start.</summary>
    private static string WithoutFreshness(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject json) return body;
        json.Remove("freshness");
        json.Remove("traceId");
        RemoveConsentStarts(json);
        return json.ToJsonString();
    }

    private static void RemoveConsentStarts(JsonNode? node)
    {
        if (node is JsonObject json)
        {
            json.Remove("consentInForceSince");
            foreach (var (_, child) in json) RemoveConsentStarts(child);
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array) RemoveConsentStarts(child);
        }
    }

    /// <summary>
    /// Appends the plan's history through the store's sessions, as the API wrote it: into each stream's tenant
    /// (<paramref name="preTenancy"/> false: counties and claims the installation's, the rest the region's), or all into Marten's
    /// default tenant (<paramref name="preTenancy"/> true: as the code before tenancy wrote every event and document, with
    /// Marten's default tenant being what it made of them when it added the <c>tenant_id</c> columns). Then runs the async
    /// projections until they have caught up, as the service's daemon would have.
    /// </summary>
    public static async Task AppendAsync(string connectionString, DemoDataPlan plan, bool preTenancy, Func<DemoStream, bool>? include = null)
    {
        // A store of its own, closed with its connections when done (a test server's connections are few).
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var store = TalentPoolStores.With(dataSource);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var history = new DemoHistory(plan);
        var streams = history.Streams().Where(include ?? (_ => true)).ToList();
        foreach (var chunk in streams.Chunk(100))
        {
            await using var session = store.LightweightSession();
            foreach (var stream in chunk)
            {
                var tenant = preTenancy ? RegionTenancy.InstallationTenant : stream.TenantIn(history.RegionId);
                session.ForTenant(tenant).Events.StartStream(stream.Aggregate, stream.Id, [.. stream.Events]);
            }
            await session.SaveChangesAsync();
        }
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await daemon.StopAllAsync();
    }
}
