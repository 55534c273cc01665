using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Webhooks;

/// <summary>A delivery as its member reads it: the body exactly as sent (and signed), and every attempt.</summary>
public sealed record WebhookDeliveryView(
    Guid Id,
    long Order,
    WebhookEventKind Kind,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttempt> Attempts,
    string Body)
{
    public static WebhookDeliveryView Of(WebhookDelivery delivery) => new(
        delivery.Id, delivery.Order, delivery.Kind, delivery.Status, delivery.CreatedAt, delivery.DeliveredAt, delivery.NextAttemptAt, delivery.Attempts, delivery.Body);
}

/// <summary>A page of a webhook's deliveries in the order they are sent; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, long? Next);

public static class ListWebhookDeliveriesEndpoint
{
    public static async Task<WebhookSubscription?> LoadAsync(Guid webhookId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<WebhookSubscription>(webhookId, cancellation);

    public static ProblemDetails Validate(Guid webhookId, WebhookSubscription? subscription, ClaimsPrincipal user, int limit = Paging.DefaultLimit) =>
        user.Owns(subscription) ? Paging.CheckLimit(limit) : Problems.NotFound($"No webhook {webhookId}.");

    [EndpointSummary("List a webhook's deliveries, optionally only those of one status (DeadLettered: the dead-letter list)")]
    [EndpointDescription("List a webhook's deliveries in the order they are sent, optionally only those of one status: `Retrying` (failing, tried again at `nextAttemptAt`), `DeadLettered` (given up after the last retry: replay them once the receiver is mended). Paging is by cursor (`next` → `after`), at most 200 a page.")]
    [WolverineGet("/api/v1/webhooks/{webhookId}/deliveries", OperationId = "ListWebhookDeliveries"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<WebhookDeliveryPage> List(
        Guid webhookId, IQuerySession session, CancellationToken cancellation,
        WebhookDeliveryStatus? status = null, [Range(typeof(long), "0", "9223372036854775807")] long? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        var query = session.Query<WebhookDelivery>().Where(d => d.WebhookId == webhookId);
        if (status is { } wanted) query = query.Where(d => d.Status == wanted);
        if (after is { } cursor) query = query.Where(d => d.Order > cursor);
        var items = await query.OrderBy(d => d.Order).Take(limit + 1).ToListAsync(cancellation);
        var page = items.Take(limit).Select(WebhookDeliveryView.Of).ToList();
        return new WebhookDeliveryPage(page, items.Count > limit ? page[^1].Order : null);
    }
}
