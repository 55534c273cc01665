using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>
/// Deliveries committed whose <c>DeliverWebhooks</c> message was lost (or dead-lettered by Wolverine after the service's own
/// failures) are found by the delivery sweep and sent, once, with their id; deliveries waiting for a retry, or of a paused
/// webhook, are left alone. Each "lost message" is a delivery written as the dispatch writes it, with no message published.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookSweepTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private readonly WebhookApi _webhooks = new(fixture);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private async Task<IReadOnlyList<StuckSubscription>> SweepAsync()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookDeliverySweep>().SweepAsync(CancellationToken.None);
    }

    /// <summary>A delivery made long enough ago for the sweep, as the dispatch makes it, but with its message lost.</summary>
    private async Task<WebhookDelivery> LostAsync(Guid region, WebhookCreated webhook, Guid partner, long order, Action<WebhookDelivery>? change = null)
    {
        var delivery = new WebhookDelivery
        {
            Id = Guid.NewGuid(), WebhookId = webhook.Id, MemberId = partner, Order = order, Kind = WebhookEventKind.HireRecorded,
            Body = """{"type":"HireRecorded","timestamp":"2026-11-26T01:00:00+00:00","data":{"order":""" + order + "}}",
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-10), Status = WebhookDeliveryStatus.Pending,
        };
        change?.Invoke(delivery);
        await using var session = fixture.RegionWriteSession(region);
        session.Store(delivery);
        await session.SaveChangesAsync();
        return delivery;
    }

    [Fact]
    public async Task A_delivery_whose_message_was_lost_is_sent_by_the_sweep_once_with_its_id_and_in_its_place_in_the_order()
    {
        var (region, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("lost"), WebhookEventKind.HireRecorded);
        var lost = await LostAsync(region, webhook, partner, order: 1);
        // A retry whose scheduled message was lost too: due ten minutes ago.
        var overdue = await LostAsync(region, webhook, partner, order: 2, d =>
        {
            d.Status = WebhookDeliveryStatus.Retrying;
            d.FailuresInARow = 1;
            d.NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        });

        (await SweepAsync()).ShouldContain(new StuckSubscription(region.ToString(), webhook.Id));

        var received = await _receiver.WaitForAsync("lost", r => r.Count(d => d.Accepted) == 2);
        received.Select(d => d.Id).ShouldBe([lost.Id.ToString(), overdue.Id.ToString()]);
        received.ShouldAllBe(d => WebhookSignature.Verify(webhook.Secret, d.Id, d.Timestamp, d.Body, d.Signature));
        await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.All(d => d.Status == WebhookDeliveryStatus.Delivered));

        // Nothing is stuck any more: the next sweep wakes nothing, and the next hire arrives after the two, alone.
        (await SweepAsync()).ShouldNotContain(s => s.WebhookId == webhook.Id);
        var hire = await _webhooks.HireAsync(partner);
        var all = await _receiver.WaitForAsync("lost", r => r.Count(d => d.Accepted) == 3);
        all.Count.ShouldBe(3);
        all[2].Json.GetProperty("data").GetProperty("hireId").GetGuid().ShouldBe(hire);
    }

    [Fact]
    public async Task A_swept_delivery_is_not_swept_again_before_its_wait_is_over()
    {
        var (region, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("twice"), WebhookEventKind.HireRecorded);
        _receiver.Hold();
        await LostAsync(region, webhook, partner, order: 1);

        (await SweepAsync()).ShouldContain(s => s.WebhookId == webhook.Id);
        await _receiver.WaitForHeldAsync(1);
        (await SweepAsync()).ShouldNotContain(s => s.WebhookId == webhook.Id, "swept a moment ago, and its send is in flight");

        _receiver.Release();
        await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.All(d => d.Status == WebhookDeliveryStatus.Delivered));
        _receiver.Received("twice").Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_delivery_waiting_for_its_retry_or_behind_one_and_the_deliveries_of_a_paused_webhook_are_not_swept()
    {
        var (region, partner, token) = await _webhooks.PartnerAsync();
        var waiting = await _webhooks.RegisterAsync(token, _receiver.Url("waiting"), WebhookEventKind.HireRecorded);
        await LostAsync(region, waiting, partner, order: 1, d =>
        {
            d.Status = WebhookDeliveryStatus.Retrying;
            d.FailuresInARow = 3;
            d.NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1);
        });
        await LostAsync(region, waiting, partner, order: 2);
        var paused = await _webhooks.RegisterAsync(token, _receiver.Url("paused"), WebhookEventKind.HireRecorded);
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{paused.Id}/pause", token)).EnsureSuccessStatusCode();
        await LostAsync(region, paused, partner, order: 1);

        var woken = await SweepAsync();

        woken.ShouldNotContain(s => s.WebhookId == waiting.Id);
        woken.ShouldNotContain(s => s.WebhookId == paused.Id);
    }

    [Fact]
    public async Task A_delivery_queued_before_the_due_at_column_existed_is_filled_in_at_start_and_then_swept_and_a_second_fill_changes_nothing()
    {
        var (region, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("old"), WebhookEventKind.HireRecorded);
        var old = await LostAsync(region, webhook, partner, order: 1);
        // As a row written before the column: the document as it was, the duplicated column empty.
        await using (var session = fixture.RegionWriteSession(region))
        {
            session.QueueSqlCommand($"update {fixture.Store.Options.Schema.For<WebhookDelivery>()} set due_at = null where id = ?", old.Id);
            await session.SaveChangesAsync();
        }
        (await SweepAsync()).ShouldNotContain(s => s.WebhookId == webhook.Id, "the sweep reads the column only");

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var sweep = scope.ServiceProvider.GetRequiredService<WebhookDeliverySweep>();
        (await sweep.BackfillDueAtAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        (await sweep.BackfillDueAtAsync(CancellationToken.None)).ShouldBe(0, "idempotent: nothing left to fill");

        (await SweepAsync()).ShouldContain(new StuckSubscription(region.ToString(), webhook.Id));
        var received = await _receiver.WaitForAsync("old", r => r.Count(d => d.Accepted) == 1);
        received.Single().Id.ShouldBe(old.Id.ToString());
        await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.All(d => d.Status == WebhookDeliveryStatus.Delivered));
    }
}
