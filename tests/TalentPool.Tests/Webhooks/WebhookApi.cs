using System.Net.Http.Json;
using Alba;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Tests.Infrastructure;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>A member and its webhooks, as the member calls the API; and the recruiter's hires that make deliveries.</summary>
public sealed class WebhookApi(TalentPoolFixture fixture)
{
    public Api Api { get; } = new(fixture);

    public static readonly WebhookEventKind[] AllKinds = Enum.GetValues<WebhookEventKind>();
    public static readonly DateOnly Joined = new(2026, 1, 1);

    /// <summary>A partner of a fresh region, and its token.</summary>
    public async Task<(Guid Region, Guid Partner, string Token)> PartnerAsync(Guid? regionId = null)
    {
        var region = regionId ?? (await Api.RegionAsync()).Id;
        var partner = await Api.PartnerAsync(region, Joined);
        return (region, partner, fixture.TokenFor(Roles.Partner, partner));
    }

    public async Task<WebhookCreated> RegisterAsync(string token, string url, params WebhookEventKind[] kinds)
    {
        var result = await Api.Host.Scenario(s =>
        {
            s.As(token).Post.Json(new RegisterWebhook(url, kinds.Length > 0 ? kinds : AllKinds)).ToUrl("/api/v1/webhooks");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<WebhookCreated>()).ShouldNotBeNull();
    }

    public Task<Guid> HireAsync(Guid partner, DateOnly? on = null) =>
        Api.TalentAsync().ContinueWith(talent => Api.HireAsync(talent.Result, partner, on ?? new DateOnly(2026, 2, 2))).Unwrap();

    public Task<WebhookDeliveryPage> DeliveriesAsync(string token, Guid webhookId, WebhookDeliveryStatus? status = null) =>
        Api.GetAsync<WebhookDeliveryPage>($"/api/v1/webhooks/{webhookId}/deliveries{(status is { } s ? $"?status={s}" : "")}", token);

    /// <summary>Waits until the webhook's delivery log shows what <paramref name="done"/> wants (it is written after the receiver answers).</summary>
    public async Task<WebhookDeliveryPage> WaitForLogAsync(string token, Guid webhookId, Func<WebhookDeliveryPage, bool> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = await DeliveriesAsync(token, webhookId);
            if (done(page)) return page;
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new ShouldAssertException($"The delivery log never got there: {string.Join(", ", page.Items.Select(d => $"{d.Kind} {d.Status} {d.Attempts.Count}"))}");
            await Task.Delay(50);
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string token, object? body = null)
    {
        using var client = Api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: Json.Options) });
    }
}
