using TalentPool.Tests.Hosting.Crashes;
using TalentPool.Auth;
using Microsoft.IdentityModel.Tokens;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>
/// The built service as a deployment runs it (Production, the ports of deploy/): <c>/metrics</c> only on the management
/// port, which answers nothing else but health; its log lines on stdout are JSON with the request's trace id.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ManagementPortTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task In_production_metrics_answer_only_on_the_management_port_and_each_request_logs_one_JSON_line_with_its_trace_id()
    {
        var (apiPort, metricsPort) = (LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort());
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_HTTP_PORTS"] = $"{apiPort};{metricsPort}",
            ["Observability__MetricsPort"] = metricsPort.ToString(),
            ["Auth__SigningKey"] = signingKey,
            ["ConnectionStrings__TalentPool"] = await fixture.Postgres.CreateDatabaseAsync("talentpool_management"),
        });
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        // A talent registers in a region: the installation's administrator registers one first.
        var admin = new TokenIssuer(new SymmetricSecurityKey(Convert.FromBase64String(signingKey)), TimeProvider.System).Issue(Roles.Admin, null);
        var region = await WriteLoad.ArrangeRegionAsync(api, admin, DateOnly.FromDateTime(DateTime.UtcNow));
        var registration = TalentRequests.Registration();
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/talents") { Content = JsonBody(registration) };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        (await api.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await api.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the public port serves no metrics");
        var metrics = await management.GetAsync("/metrics");
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await metrics.Content.ReadAsStringAsync()).ShouldContain("talentpool_talents_registered_total");
        (await management.GetAsync("/api/v1/regions")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the management port serves no API");
        (await management.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The console logger writes from a queue of its own: the line may come a moment after the answer.
        SpinWait.SpinUntil(() => service.Output().Any(line => line.Contains(traceId.ToHexString())), TimeSpan.FromSeconds(10));
        var logged = service.Output().Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var requestLine = logged.Where(line => line.GetProperty("category").GetString() == RequestLog.Category
            && line.TryGetProperty("traceId", out var id) && id.GetString() == traceId.ToHexString()).ShouldHaveSingleItem();
        requestLine.GetProperty("message").GetString().ShouldStartWith("POST /api/v1/talents answered 201 in ");
        service.Output().ShouldAllBe(line => !line.Contains(registration.Email) && !line.Contains(registration.FullName));
    }

    private static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");
}
