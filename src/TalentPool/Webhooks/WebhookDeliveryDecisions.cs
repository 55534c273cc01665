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

    /// <summary>
    /// The talent a delivery carries withdrew the consent it rests on, or was erased: the body forgets the talent, and a delivery
    /// still queued is never sent (Withdrawn); one already sent or dead-lettered keeps its status, not its talent.
    /// </summary>
    public static void Withdraw(WebhookDelivery delivery)
    {
        if (delivery.TalentWithdrawn) return;
        delivery.TalentWithdrawn = true;
        delivery.Body = WebhookPayloads.WithoutTalent(delivery.Body);
        if (!delivery.IsQueued) return;
        delivery.Status = WebhookDeliveryStatus.Withdrawn;
        delivery.NextAttemptAt = null;
    }

    /// <summary>A delivery already queued is not queued twice; any other goes again with the same id, in its event's place in the order.</summary>
    /// <param name="talentGone">A match of another region's talent whose reference in its home region names no consenting talent now.</param>
    public static void Replay(WebhookDelivery delivery, bool talentGone = false)
    {
        if (delivery.IsQueued) throw new RuleViolation($"Delivery {delivery.Id} is queued already ({delivery.Status}).");
        if (delivery.TalentWithdrawn || talentGone)
            throw new RuleViolation($"Delivery {delivery.Id} named a talent who withdrew the consent or was erased: it is never sent again.");
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.FailuresInARow = 0;
        delivery.NextAttemptAt = null;
    }
}
