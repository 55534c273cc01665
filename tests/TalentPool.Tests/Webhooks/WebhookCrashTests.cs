using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Tests.Hosting.Crashes;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;
using TalentPool.Webhooks;
using Xunit.Abstractions;

namespace TalentPool.Tests.Webhooks;

/// <summary>
/// The service killed outright (SIGKILL) between the commit of hires and their deliveries — one delivery in flight at the
/// receiver, the rest queued behind it — then started again on the same database: the receiver gets exactly the committed
/// hires, each under one webhook-id (a redelivery repeats its id, so the receiver can drop it), in the order they were
/// recorded, and the delivery log shows each delivered.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookCrashTests(TalentPoolFixture fixture, ITestOutputHelper output)
{
    private const int HiresAfterTheHold = 4;
    // A restarted node takes its event subscriptions StaleNodeTimeout + a beat (18 s) after it is ready (Program.cs), and
    // recovers the dead node's durable messages once that node is stale; the rest is a loaded machine.
    private static readonly TimeSpan RedeliveryBound = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> WebhookSettings = new()
    {
        ["Webhooks__AllowLoopbackTargets"] = "true",
        ["Webhooks__RetryDelays"] = "00:00:00.200,00:00:00.400,00:00:01,00:00:02,00:00:05,00:00:10",
    };

    [Fact]
    public async Task A_service_killed_between_commit_and_delivery_delivers_exactly_the_committed_events_after_the_restart()
    {
        var total = Stopwatch.StartNew();
        var nodes = new ServiceNodes(await fixture.Postgres.CreateDatabaseAsync("talentpool_webhook_crash"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();

        // 1. A partner's webhook, and a first hire delivered while all is well.
        await using var crashed = await nodes.StartAsync(WebhookSettings);
        using var client = ServiceNodes.ClientOf(crashed);
        var region = await WriteLoad.ArrangeRegionAsync(client, nodes.InstallationAdmin(), today);
        var (admin, recruiter) = nodes.Tokens(region.RegionId);
        var partner = region.Partners[0];
        var webhook = await CreatedAsync(client, admin, "/api/v1/webhooks",
            new RegisterWebhook(receiver.Url("crash"), [WebhookEventKind.HireRecorded], EmployerKind.Partner, partner));
        var hires = new List<Guid> { await HireAsync(client, recruiter, partner, today) };
        await receiver.WaitForAsync("crash", received => received.Any(d => d.Accepted), RedeliveryBound);

        // 2. The receiver stops answering: the next delivery hangs in flight, the others queue behind it. All hires are committed
        // (acknowledged 201) before the kill, none is in flight.
        receiver.Hold();
        for (var i = 0; i < HiresAfterTheHold; i++) hires.Add(await HireAsync(client, recruiter, partner, today));
        var waited = Stopwatch.StartNew();
        while (receiver.HeldRequests == 0)
        {
            waited.Elapsed.ShouldBeLessThan(RedeliveryBound, "a delivery reaches the held receiver");
            await Task.Delay(20);
        }
        var (_, exitCode) = await crashed.KillAsync();
        exitCode.ShouldBe(137, "the service must have died of SIGKILL (128 + 9)");
        // Released only once the receiver has seen the dead sender's connection go: released earlier, the held request would
        // be answered 204 and recorded as accepted although nobody read the answer.
        waited.Restart();
        while (receiver.AbortedRequests == 0)
        {
            waited.Elapsed.ShouldBeLessThan(RedeliveryBound, "the held delivery's connection is seen closed");
            await Task.Delay(20);
        }
        receiver.Release();
        var acceptedBeforeTheKill = receiver.Received("crash").Count(d => d.Accepted);

        // 3. Started again on the same database: what was committed is delivered, nothing else.
        var restart = Stopwatch.StartNew();
        await using var restarted = await nodes.StartAsync(WebhookSettings);
        var received = await receiver.WaitForAsync("crash",
            all => all.Where(d => d.Accepted).Select(HireOf).Distinct().Count() >= hires.Count, RedeliveryBound);
        var redeliveredAfter = restart.Elapsed;

        var accepted = received.Where(d => d.Accepted).ToList();
        accepted.Select(HireOf).Distinct().Order().ShouldBe(hires.Order(), "exactly the committed hires, each at least once");
        accepted.GroupBy(HireOf).ShouldAllBe(copies => copies.Select(d => d.Id).Distinct().Count() == 1, "a redelivery keeps its webhook-id");
        accepted.Select(d => d.Id).Distinct().Count().ShouldBe(hires.Count);
        accepted.Select(HireOf).Distinct().ShouldBe(hires, "in the order they were recorded");
        received.Where(d => d.Answered == 499).ShouldNotBeEmpty("a delivery was in flight when the service died");

        using var restartedClient = ServiceNodes.ClientOf(restarted);
        ServiceNodes.NameRegion(restartedClient, region.RegionId);
        await using var dataSource = NpgsqlDataSource.Create(nodes.ConnectionString);
        await AsyncProjections.WaitUntilAsync(dataSource, RedeliveryBound, "delivered in the log", [restarted], async () =>
        {
            var log = await GetAsync<WebhookDeliveryPage>(restartedClient, admin, $"/api/v1/webhooks/{webhook}/deliveries");
            return log.Items.Count == hires.Count && log.Items.All(d => d.Status == WebhookDeliveryStatus.Delivered);
        });
        output.WriteLine($"{hires.Count} hires, {acceptedBeforeTheKill} accepted before the kill, {accepted.Count} accepted in all " +
            $"({accepted.Count - hires.Count} again), redelivered {redeliveredAfter.TotalSeconds:0.0} s after the restart, {total.Elapsed.TotalSeconds:0} s in all");
    }

    private static Guid HireOf(ReceivedDelivery delivery) => delivery.Json.GetProperty("data").GetProperty("hireId").GetGuid();

    private static async Task<Guid> HireAsync(HttpClient client, string recruiter, Guid partner, DateOnly today)
    {
        var talent = await CreatedAsync(client, null, "/api/v1/talents", TalentRequests.Registration());
        return await CreatedAsync(client, recruiter, "/api/v1/hires", new RecordHire(talent, partner, today.AddDays(-3), HiredOn: today.AddDays(-3)));
    }

    private static async Task<Guid> CreatedAsync(HttpClient client, string? token, string url, object request)
    {
        var answer = await WriteLoad.SendAsync(client, new Write("arrange", url, WriteLoad.Body(request), Guid.NewGuid().ToString(), token));
        answer.Status.ShouldBe(HttpStatusCode.Created, answer.Body);
        return JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string token, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), Json.Options)!;
    }
}
