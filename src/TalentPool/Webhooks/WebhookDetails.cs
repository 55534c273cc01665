using Marten;

namespace TalentPool.Webhooks;

/// <summary>A webhook subscription as its member reads it: never its secret (shown once, at registration and rotation).</summary>
public sealed record WebhookDetails(
    Guid Id, string Url, IReadOnlyList<WebhookEventKind> EventKinds, WebhookStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? SecretRotatedAt, int Version)
{
    public static WebhookDetails Of(WebhookSubscription subscription) => new(
        subscription.Id, subscription.Url, subscription.EventKinds, subscription.Status, subscription.RegisteredAt, subscription.SecretRotatedAt, subscription.Version);

    public static async Task<WebhookDetails?> ReadAsync(Guid webhookId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<WebhookSubscription>(webhookId, cancellation) is { Status: not WebhookStatus.Deleted } subscription ? Of(subscription) : null;
}
