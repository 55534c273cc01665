using TalentPool.Talents;

namespace TalentPool.Webhooks;

/// <summary>
/// Pending: waiting for its turn (or for the subscription to be resumed). Retrying: failed, tried again at <c>NextAttemptAt</c>.
/// Withdrawn: never sent, because the talent it names withdrew the consent or was erased before its turn.
/// </summary>
public enum WebhookDeliveryStatus { Pending, Retrying, Delivered, DeadLettered, Withdrawn }

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

    /// <summary>The talent a <see cref="WebhookEventKind.TalentMatchedSavedSearch"/> delivery carries (no other kind names one).</summary>
    public Guid? TalentId { get; set; }

    /// <summary>
    /// A match of another region's talent: the talent's home region, where the delivery's reference (<see cref="OtherRegionMatch"/>,
    /// under this delivery's id) names the talent. The body kept here holds no card; the card is read there at each send.
    /// </summary>
    public Guid? TalentHomeRegionId { get; set; }

    /// <summary>The consent that delivery rests on: it is sent only while that consent is in force.</summary>
    public ConsentScope? TalentScope { get; set; }

    /// <summary>The talent withdrew that consent or was erased: the body no longer holds the talent, and it is never sent again.</summary>
    public bool TalentWithdrawn { get; set; }

    /// <summary>When the delivery sweep last woke this delivery's subscription for it (<see cref="WebhookDeliverySweep"/>).</summary>
    public DateTimeOffset? LastSweptAt { get; set; }

    public bool IsQueued => Status is WebhookDeliveryStatus.Pending or WebhookDeliveryStatus.Retrying;

    /// <summary>
    /// Since when a queued delivery is due to be sent (its retry's time, else its making), or last swept: a column with an index
    /// that holds queued deliveries only, which the sweep reads. Null once the delivery is not queued.
    /// </summary>
    public DateTimeOffset? DueAt => IsQueued ? Max(NextAttemptAt ?? CreatedAt, LastSweptAt ?? DateTimeOffset.MinValue) : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
