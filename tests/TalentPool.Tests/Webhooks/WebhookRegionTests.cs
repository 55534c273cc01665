using System.Net;
using Marten;
using TalentPool.Auth;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>
/// Regions are tenants: a webhook, its deliveries and the messages that send them live in the region of the member that
/// registered it, so a member (or the admin) of another region never receives a region's events nor sees its webhooks.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookRegionTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private readonly WebhookApi _webhooks = new(fixture);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Two_regions_webhooks_stay_apart_each_region_receives_and_sees_only_its_own()
    {
        var (regionA, partnerA, tokenA) = await _webhooks.PartnerAsync();
        var webhookA = await _webhooks.RegisterAsync(tokenA, _receiver.Url("region-a"));
        var hireA = await _webhooks.HireAsync(partnerA);

        var (regionB, partnerB, tokenB) = await _webhooks.PartnerAsync();
        var webhookB = await _webhooks.RegisterAsync(tokenB, _receiver.Url("region-b"));
        var hireB = await _webhooks.HireAsync(partnerB);
        var adminOfB = fixture.TokenFor(Roles.Admin, regionId: regionB);

        // Region B's admin cannot register a webhook for region A's partner: the partner is not in B.
        (await _webhooks.SendAsync(HttpMethod.Post, "/api/v1/webhooks", adminOfB,
            new RegisterWebhook(_receiver.Url("intruder"), WebhookApi.AllKinds, EmployerKind.Partner, partnerA))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var receivedA = await _receiver.WaitForAsync("region-a", r => r.Count(d => d.Accepted) >= 1);
        var receivedB = await _receiver.WaitForAsync("region-b", r => r.Count(d => d.Accepted) >= 1);
        receivedA.Select(d => d.Json.GetProperty("data").GetProperty("hireId").GetGuid()).ShouldBe([hireA]);
        receivedB.Select(d => d.Json.GetProperty("data").GetProperty("hireId").GetGuid()).ShouldBe([hireB]);
        receivedA.ShouldAllBe(d => d.Json.GetProperty("data").GetProperty("regionId").GetGuid() == regionA);
        receivedB.ShouldAllBe(d => d.Json.GetProperty("data").GetProperty("regionId").GetGuid() == regionB);
        await _webhooks.WaitForLogAsync(tokenA, webhookA.Id, page => page.Items.Count(d => d.Status == WebhookDeliveryStatus.Delivered) == 1);
        await _webhooks.WaitForLogAsync(tokenB, webhookB.Id, page => page.Items.Count(d => d.Status == WebhookDeliveryStatus.Delivered) == 1);
        _receiver.Received("intruder").ShouldBeEmpty();

        // Region B's partner and admin: their list holds B's webhook only, and A's webhook and its log do not exist for them.
        foreach (var token in new[] { tokenB, adminOfB })
        {
            var listed = await _webhooks.Api.GetAsync<WebhookPage>("/api/v1/webhooks", token);
            listed.Items.Select(w => w.Id).ShouldBe([webhookB.Id]);
            (await _webhooks.SendAsync(HttpMethod.Get, webhookA.Url, token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await _webhooks.SendAsync(HttpMethod.Get, $"/api/v1/webhooks/{webhookA.Id}/deliveries", token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhookA.Id}/pause", token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        // Stored in the region's tenant: region A's store holds A's webhook and delivery, region B's none of them.
        await using var storeOfA = fixture.RegionSession(regionA);
        await using var storeOfB = fixture.RegionSession(regionB);
        (await storeOfA.Query<WebhookDelivery>().CountAsync(d => d.WebhookId == webhookA.Id)).ShouldBe(1);
        (await storeOfB.Query<WebhookDelivery>().CountAsync(d => d.WebhookId == webhookA.Id)).ShouldBe(0);
        (await storeOfB.LoadAsync<WebhookSubscription>(webhookA.Id)).ShouldBeNull();
        (await storeOfA.LoadAsync<WebhookSubscription>(webhookB.Id)).ShouldBeNull();
    }
}
