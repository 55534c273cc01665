using Marten;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace TalentPool.Webhooks;

/// <summary>
/// "This subscription may have deliveries to send": handled on a durable local queue partitioned by subscription, so one
/// subscription's deliveries are never sent by two handlers at once on a node, while other subscriptions go on in parallel.
/// It names the subscription's region, whose tenant holds the subscription and its deliveries (and is sent with that tenant id,
/// so Wolverine's envelope, a retry scheduled by the handler included, carries it too).
/// </summary>
public sealed record DeliverWebhooks(Guid WebhookId, Guid RegionId)
{
    /// <summary>Sent in the region's tenant, as Wolverine's tenant id of the message.</summary>
    public DeliveryOptions InItsRegion() => new() { TenantId = RegionTenancy.TenantOf(RegionId) };
}

/// <summary>
/// Sends a subscription's queued deliveries oldest first, one at a time (so in order). A failure waits — a scheduled,
/// durable <see cref="DeliverWebhooks"/>, not a blocked queue — and is tried again after the next delay of
/// <see cref="WebhookOptions.RetryDelays"/>; later deliveries wait behind it. After <see cref="WebhookOptions.MaxAttempts"/>
/// failures in a row the delivery is dead-lettered (listed to the member, replayable) and the next one goes. Each result is
/// committed before the next send: a crash resends at most the delivery in flight (same <c>webhook-id</c>).
/// </summary>
public static class DeliverWebhooksHandler
{
    /// <summary>
    /// A receiver's failure is recorded, never thrown; what throws is the service's own trouble (the database away): tried again
    /// later, durably. After the last try Wolverine keeps the message in its dead letters, and the subscription's queued
    /// deliveries wait for its next event, a replay or a resume (README, known deviations).
    /// </summary>
    public static void Configure(HandlerChain chain) => chain.OnAnyException()
        .ScheduleRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    public static async Task Handle(
        DeliverWebhooks message, IDocumentStore store, WebhookSender sender, WebhookOptions options, TimeProvider clock, IMessageBus bus,
        CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(RegionTenancy.TenantOf(message.RegionId));
        while (!cancellation.IsCancellationRequested)
        {
            // Read again before each send: a pause, a deletion or a rotated secret counts from the next delivery on.
            var subscription = await session.LoadAsync<WebhookSubscription>(message.WebhookId, cancellation);
            if (subscription is not { Status: WebhookStatus.Active }) return;

            var next = await session.Query<WebhookDelivery>()
                .Where(d => d.WebhookId == message.WebhookId && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Retrying))
                .OrderBy(d => d.Order)
                .FirstOrDefaultAsync(cancellation);
            if (next is null) return;
            if (next.NextAttemptAt is { } due && due > clock.GetUtcNow())
            {
                await bus.ScheduleAsync(message, due, message.InItsRegion());
                return;
            }

            if (next.TalentId is not null && !await TalentStillSharesAsync(next, session, clock, cancellation))
            {
                WebhookDeliveryDecisions.Withdraw(next);
                session.Store(next);
                await session.SaveChangesAsync(cancellation);
                continue;
            }

            var body = next.Body;
            if (next.TalentHomeRegionId is not null)
            {
                // Another region's talent: the card is read where the talent lives, now; gone or no longer consenting, never sent.
                if (await OtherRegionMatches.CardAsync(store, next, message.RegionId, clock.GetUtcNow(), cancellation) is not { } card)
                {
                    WebhookDeliveryDecisions.Withdraw(next);
                    session.Store(next);
                    await session.SaveChangesAsync(cancellation);
                    continue;
                }
                body = WebhookPayloads.WithTalent(next.Body, card);
            }

            var attempt = await sender.SendAsync(subscription, next, body, cancellation);
            WebhookDeliveryDecisions.Record(next, attempt, options);
            session.Store(next);
            await session.SaveChangesAsync(cancellation);
            if (next.Status == WebhookDeliveryStatus.Retrying)
            {
                await bus.ScheduleAsync(message, next.NextAttemptAt!.Value, message.InItsRegion());
                return;
            }
        }
    }

    /// <summary>A talent's match is sent only while the talent shares with the member's kind (the consent in force, not erased).</summary>
    private static async Task<bool> TalentStillSharesAsync(WebhookDelivery delivery, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var talent = batch.Load<SharedTalent>(delivery.TalentId!.Value);
        var region = batch.Load<Region>(RegionTenancy.RegionOf(session));
        await batch.Execute(cancellation);
        var validity = (await region)?.ConsentValidityMonths ?? Region.DefaultConsentValidityMonths;
        return !delivery.TalentWithdrawn && delivery.TalentScope is { } scope && SavedSearchMatches.InForce(await talent, scope, clock.GetUtcNow(), validity);
    }
}
