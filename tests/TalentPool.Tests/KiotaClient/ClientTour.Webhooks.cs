using System.Diagnostics;
using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;
using TalentPool.Tests.Webhooks;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>
    /// A partner's webhook to a receiver on loopback: registered, read, rotated, a hire delivered, its log read and replayed, paused
    /// and resumed, deleted; and a saved search (whose matches webhooks receive): saved, read, listed, deleted.
    /// </summary>
    public async Task WebhooksAsync()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = AsAdmin();
        var region = await RegionAsync(admin);
        using var recruiter = AsRecruiter(); // a recruiter of that region (regions are tenants)
        var partnerId = await PartnerAsync(admin, region.Id!.Value, new Date(2026, 1, 1));
        using var partner = AsPartner(partnerId);

        var created = await partner.ReadAsync(c => c.Api.V1.Webhooks.PostAsync(
            new RegisterWebhook { Url = receiver.Url("tour"), EventKinds = [WebhookEventKind.HireRecorded] }));
        var webhookId = created.Id!.Value;
        await partner.ReadAsync(c => c.Api.V1.Webhooks[webhookId].GetAsync());
        await partner.ReadAsync(c => c.Api.V1.Webhooks.GetAsync());
        await partner.ReadAsync(c => c.Api.V1.Webhooks[webhookId].Secret.PostAsync());

        var talentId = (await TalentAsync("Battery engineering")).Id!.Value;
        await HireAsync(recruiter, talentId, partnerId, new Date(2026, 3, 20));
        await receiver.WaitForAsync("tour", received => received.Any(d => d.Accepted));
        var waited = Stopwatch.StartNew();
        WebhookDeliveryPage log;
        while ((log = await partner.ReadAsync(c => c.Api.V1.Webhooks[webhookId].Deliveries.GetAsync())).Items is not [{ Status: WebhookDeliveryStatus.Delivered }])
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the delivery log shows the delivery");
            await Task.Delay(50);
        }
        await partner.ReadAsync(c => c.Api.V1.Webhooks[webhookId].Deliveries[log.Items[0].Id!.Value].Replay.PostAsync());

        await partner.ReadAsync(c => c.Api.V1.Webhooks[webhookId].Pause.PostAsync());
        await partner.ReadAsync(c => c.Api.V1.Webhooks[webhookId].Resume.PostAsync());
        await partner.Api.Api.V1.Webhooks[webhookId].DeleteAsync();
        (await partner.ReadAsync(c => c.Api.V1.Webhooks.GetAsync())).Items.ShouldNotBeNull().ShouldBeEmpty();

        var saved = await partner.ReadAsync(c => c.Api.V1.SavedSearches.PostAsync(new SaveSearch
        {
            Name = "Battery engineers", CompetenceArea = "Battery engineering", Language = "en", Country = "IN", PreferredMunicipality = "3403",
            EducationLevel = EducationLevel.Master, MinYearsOfExperience = 2, HasAccompanyingPartner = false, RegisteredSince = new Date(2026, 1, 1),
            Search = "battery",
        }));
        var savedSearchId = saved.Id!.Value;
        await partner.ReadAsync(c => c.Api.V1.SavedSearches[savedSearchId].GetAsync());
        await partner.ReadAsync(c => c.Api.V1.SavedSearches.GetAsync());
        await partner.Api.Api.V1.SavedSearches[savedSearchId].DeleteAsync();
        (await partner.ReadAsync(c => c.Api.V1.SavedSearches.GetAsync())).Items.ShouldNotBeNull().ShouldBeEmpty();
    }
}
