using TalentPool.Common;

namespace TalentPool.Webhooks;

/// <summary>What an attempt's result does to a delivery, and when a delivery may be replayed: pure, tested without a database.</summary>
public static class WebhookDeliveryDecisions
{
    public static void Record(WebhookDelivery delivery, WebhookAttempt attempt, WebhookOptions options)
    {
        delivery.Attempts.Add(attempt);
        if (attempt.StatusCode is >= 200 and < 300)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = attempt.At;
            delivery.NextAttemptAt = null;
            return;
        }
        delivery.FailuresInARow++;
        if (delivery.FailuresInARow >= options.MaxAttempts)
        {
            delivery.Status = WebhookDeliveryStatus.DeadLettered;
            delivery.NextAttemptAt = null;
            return;
        }
        delivery.Status = WebhookDeliveryStatus.Retrying;
        delivery.NextAttemptAt = attempt.At + options.RetryDelays[delivery.FailuresInARow - 1];
    }

    /// <summary>A delivery already queued is not queued twice; any other goes again with the same id, in its event's place in the order.</summary>
    public static void Replay(WebhookDelivery delivery)
    {
        if (delivery.IsQueued) throw new RuleViolation($"Delivery {delivery.Id} is queued already ({delivery.Status}).");
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.FailuresInARow = 0;
        delivery.NextAttemptAt = null;
    }
}
