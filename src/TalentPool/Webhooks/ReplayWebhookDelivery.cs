using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Webhooks;

/// <summary>The webhook and the delivery a replay names.</summary>
public sealed record ReplayTarget(WebhookSubscription? Subscription, WebhookDelivery? Delivery);

public static class ReplayWebhookDeliveryEndpoint
{
    public static async Task<ReplayTarget> LoadAsync(Guid webhookId, Guid deliveryId, IDocumentSession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var subscription = batch.Load<WebhookSubscription>(webhookId);
        var delivery = batch.Load<WebhookDelivery>(deliveryId);
        await batch.Execute(cancellation);
        return new ReplayTarget(await subscription, await delivery);
    }

    public static ProblemDetails Validate(Guid webhookId, Guid deliveryId, ReplayTarget target, ClaimsPrincipal user) => target switch
    {
        { Subscription: var subscription } when !user.Owns(subscription) => Problems.NotFound($"No webhook {webhookId}."),
        { Delivery: null } => Problems.NotFound($"No delivery {deliveryId} of webhook {webhookId}."),
        { Delivery: var delivery } when delivery.WebhookId != webhookId => Problems.NotFound($"No delivery {deliveryId} of webhook {webhookId}."),
        _ => WolverineContinue.NoProblems,
    };

    [EndpointSummary("Send a delivery again (a dead-lettered one, or one the receiver lost)")]
    [EndpointDescription("Send a delivery again, with the same `webhook-id` (a receiver that already has it can drop it) and the body it had, signed anew: it is queued in its event's place in the order and retried as a new delivery is. 409: it is queued already.")]
    [WolverinePost("/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay", OperationId = "ReplayWebhookDelivery"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static async Task<(WebhookDeliveryView, DeliverWebhooks)> Post(
        [NotBody] ReplayTarget target, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var delivery = target.Delivery!;
        // Another region's talent: the reference in its home region must still name a talent consenting to this region.
        var talentGone = delivery.TalentHomeRegionId is not null && !delivery.IsQueued
            && await OtherRegionMatches.CardAsync(session.DocumentStore, delivery, RegionTenancy.RegionOf(session), clock.GetUtcNow(), cancellation) is null;
        WebhookDeliveryDecisions.Replay(delivery, talentGone);
        session.Store(delivery);
        return (WebhookDeliveryView.Of(delivery), new DeliverWebhooks(delivery.WebhookId, RegionTenancy.RegionOf(session)));
    }
}
