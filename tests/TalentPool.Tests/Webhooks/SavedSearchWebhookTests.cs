using System.Net;
using System.Text.Json;
using Alba;
using TalentPool.Auth;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>
/// A member's saved search sends it each consenting talent who comes to match it, through its webhooks that want
/// <c>TalentMatchedSavedSearch</c>: signed, with the talent's shared fields only, to that member only, in its region only; not
/// again when the talent changes something unrelated; never after the talent withdrew the consent or was erased.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SavedSearchWebhookTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private readonly WebhookApi _webhooks = new(fixture);
    private readonly string _area = $"Area {Guid.NewGuid():N}";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>A partner (of a fresh region, or of <paramref name="region"/>) with a webhook for matches at <paramref name="path"/>.</summary>
    private async Task<(Guid Region, Guid Partner, string Token, WebhookCreated Webhook)> PartnerWithWebhookAsync(string path, Guid? region = null)
    {
        var (regionId, partner, token) = await _webhooks.PartnerAsync(region);
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url(path), WebhookEventKind.TalentMatchedSavedSearch);
        return (regionId, partner, token, webhook);
    }

    private Task<Guid> SaveAsync(string token, SaveSearch search) => _webhooks.Api.PostAsync("/api/v1/saved-searches", search, token);

    private RegisterTalent Registration(int years = 7) => TalentRequests.Registration() with
    {
        CompetenceAreas = [_area], Languages = ["en"], YearsOfExperience = years, AccompanyingPartner = null,
        About = "Seven years in gigafactory start-ups.", ShareWithPartners = true, ShareWithMunicipalities = false,
    };

    private async Task<Guid> RegisterAsync(Guid region, RegisterTalent registration)
    {
        fixture.Regions.Use(region);
        return await _webhooks.Api.PostAsync("/api/v1/talents", registration, token: "");
    }

    private async Task UpdateAsync(Guid talent, int version, RegisterTalent from, Func<UpdateTalentProfile, UpdateTalentProfile> change) =>
        await _webhooks.Api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Talent, talent)).Put.Json(change(TalentRequests.ProfileUpdate(from, version))).ToUrl($"/api/v1/talents/{talent}/profile");
            s.StatusCodeShouldBe(200);
        });

    private static Guid TalentOf(ReceivedDelivery delivery) => delivery.Json.GetProperty("data").GetProperty("talent").GetProperty("id").GetGuid();

    [Fact]
    public async Task A_talent_who_comes_to_match_a_saved_search_is_sent_signed_with_its_shared_fields_only_to_that_member_and_in_its_region_only()
    {
        // Region B first: a partner there saves the same search.
        var (elsewhere, _, elsewhereToken, _) = await PartnerWithWebhookAsync("elsewhere");
        await SaveAsync(elsewhereToken, new SaveSearch("Battery", CompetenceArea: _area));
        var (region, _, token, webhook) = await PartnerWithWebhookAsync("mine");
        var (_, _, otherToken, _) = await PartnerWithWebhookAsync("others", region);
        var search = await SaveAsync(token, new SaveSearch("Battery people", CompetenceArea: _area, Language: "EN", Search: "gigafactory"));
        var seniors = await SaveAsync(otherToken, new SaveSearch("Battery seniors", CompetenceArea: _area, MinYearsOfExperience: 20));

        var talent = await RegisterAsync(region, Registration());
        var delivered = (await _receiver.WaitForAsync("mine", r => r.Any(d => d.Accepted))).Single();

        delivered.Type.ShouldBe("TalentMatchedSavedSearch");
        WebhookSignature.Verify(webhook.Secret, delivered.Id, delivered.Timestamp, delivered.Body, delivered.Signature).ShouldBeTrue();
        var data = delivered.Json.GetProperty("data");
        data.GetProperty("savedSearches").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([search]);
        data.GetProperty("savedSearches")[0].GetProperty("url").GetString().ShouldBe($"/api/v1/saved-searches/{search}");
        var card = data.GetProperty("talent");
        card.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "fullName", "email", "phone", "profile", "about", "homeRegionId"], ignoreOrder: true);
        card.GetProperty("id").GetGuid().ShouldBe(talent);
        card.GetProperty("homeRegionId").GetGuid().ShouldBe(region);
        card.GetProperty("fullName").GetString().ShouldBe("Priya Raman");
        // The talent's account of how they heard of us, the consents and the registration stay with the service.
        delivered.Body.ShouldNotContain("LinkedIn");
        delivered.Body.ShouldNotContain("sharedWith");
        delivered.Body.ShouldNotContain("registeredAt");

        // A senior in each region: the other member's search matches only that one, and region B's partner only its own region's.
        var senior = await RegisterAsync(region, Registration(years: 25));
        var seniorElsewhere = await RegisterAsync(elsewhere, Registration(years: 25));
        var others = await _receiver.WaitForAsync("others", r => r.Any(d => d.Accepted));
        others.Select(TalentOf).ShouldBe([senior]);
        others[0].Json.GetProperty("data").GetProperty("savedSearches")[0].GetProperty("id").GetGuid().ShouldBe(seniors);
        (await _receiver.WaitForAsync("elsewhere", r => r.Any(d => d.Accepted))).Select(TalentOf).ShouldBe([seniorElsewhere]);
        (await _receiver.WaitForAsync("mine", r => r.Count(d => d.Accepted) == 2)).Select(TalentOf).ShouldBe([talent, senior]);
    }

    [Fact]
    public async Task An_unrelated_update_sends_nothing_again_while_an_update_that_makes_the_talent_match_again_does()
    {
        var (region, _, token, _) = await PartnerWithWebhookAsync("updates");
        await SaveAsync(token, new SaveSearch("Experienced", CompetenceArea: _area, MinYearsOfExperience: 5));
        var registration = Registration(years: 7);
        var talent = await RegisterAsync(region, registration);
        await _receiver.WaitForAsync("updates", r => r.Any(d => d.Accepted));

        await UpdateAsync(talent, 1, registration, update => update with { Phone = "+47 999 99 999" });
        await UpdateAsync(talent, 2, registration, update => update with { YearsOfExperience = 3 });
        await UpdateAsync(talent, 3, registration, update => update with { YearsOfExperience = 8 });

        var received = await _receiver.WaitForAsync("updates", r => r.Count(d => d.Accepted) >= 2);
        received.Count.ShouldBe(2, "the phone number and the drop below five years sent nothing");
        received.Select(TalentOf).ShouldBe([talent, talent]);
        received.Select(d => d.Id).Distinct().Count().ShouldBe(2);
        received[1].Json.GetProperty("data").GetProperty("talent").GetProperty("profile").GetProperty("yearsOfExperience").GetInt32().ShouldBe(8);
    }

    [Fact]
    public async Task A_talent_who_withdrew_or_was_erased_is_never_sent_and_leaves_the_delivery_log_and_one_sharing_with_municipalities_only_is_not_sent_to_partners()
    {
        var (region, _, token, webhook) = await PartnerWithWebhookAsync("privacy");
        await SaveAsync(token, new SaveSearch("Battery", CompetenceArea: _area));
        var sent = await RegisterAsync(region, Registration() with { Email = TalentRequests.UniqueEmail("sent") });
        await _receiver.WaitForAsync("privacy", r => r.Any(d => d.Accepted));

        // Paused: the next matches are kept in the log, queued.
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/pause", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var withdrawing = await RegisterAsync(region, Registration() with { Email = TalentRequests.UniqueEmail("withdrawing") });
        var erased = await RegisterAsync(region, Registration() with { Email = TalentRequests.UniqueEmail("erased") });
        await RegisterAsync(region, Registration() with { ShareWithPartners = false, ShareWithMunicipalities = true });
        await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.Count == 3);
        await _webhooks.Api.Host.Scenario(s => s.As(fixture.TokenFor(Roles.Talent, withdrawing)).Delete.Url($"/api/v1/talents/{withdrawing}/consents/partners"));
        foreach (var talent in new[] { erased, sent })
        {
            await _webhooks.Api.Host.Scenario(s =>
            {
                s.As(fixture.TokenFor(Roles.Talent, talent)).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure");
                s.StatusCodeShouldBe(204);
            });
        }
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/resume", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var marker = await RegisterAsync(region, Registration());

        var received = await _receiver.WaitForAsync("privacy", r => r.Count(d => d.Accepted) == 2);
        received.Select(TalentOf).ShouldBe([sent, marker]);
        // The log is written after the receiver answers, and the erasure of a delivered talent reaches the log when the dispatch reads it.
        var log = await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.Count == 4
            && page.Items[3].Status == WebhookDeliveryStatus.Delivered && page.Items.All(d => !d.Body.Contains("Priya") || TalentIn(d) == marker));
        log.Items.Select(d => d.Status).ShouldBe([WebhookDeliveryStatus.Delivered, WebhookDeliveryStatus.Withdrawn, WebhookDeliveryStatus.Withdrawn, WebhookDeliveryStatus.Delivered]);
        log.Items.Take(3).ShouldAllBe(d => !d.Body.Contains("@example.com") && d.Body.Contains("\"talent\":null"));
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/deliveries/{log.Items[1].Id}/replay", token)).StatusCode
            .ShouldBe(HttpStatusCode.Conflict);
    }

    private static Guid? TalentIn(WebhookDeliveryView delivery) =>
        JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data").GetProperty("talent") is { ValueKind: JsonValueKind.Object } talent
            ? talent.GetProperty("id").GetGuid()
            : null;
}
