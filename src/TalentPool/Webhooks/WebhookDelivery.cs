namespace TalentPool.Webhooks;

/// <summary>Pending: waiting for its turn (or for the subscription to be resumed). Retrying: failed, tried again at <c>NextAttemptAt</c>.</summary>
public enum WebhookDeliveryStatus { Pending, Retrying, Delivered, DeadLettered }

/// <summary>One try: when, how it ended (the receiver's HTTP status, or why there was none) and how long it took.</summary>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>
/// One event sent to one subscription: the delivery log a member reads, and the queue the delivery handler works through.
/// Its id is the <c>webhook-id</c> header, the same on every attempt and replay, so the receiver can de-duplicate. The body is
/// fixed when the delivery is made (it is what was signed) and holds ids and facts only, never personal data. Written by the
/// dispatch (<see cref="WebhookDispatch"/>) and the delivery handler, never by an endpoint but the replay.
/// <c>Order</c> is the event's sequence number: a subscription's deliveries go out in this order.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid WebhookId { get; set; }
    public Guid MemberId { get; set; }
    public long Order { get; set; }
    public WebhookEventKind Kind { get; set; }
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    /// <summary>Failed attempts since the delivery was made or last replayed: at <see cref="WebhookOptions.MaxAttempts"/> it is dead-lettered.</summary>
    public int FailuresInARow { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<WebhookAttempt> Attempts { get; set; } = [];

    public bool IsQueued => Status is WebhookDeliveryStatus.Pending or WebhookDeliveryStatus.Retrying;
}
