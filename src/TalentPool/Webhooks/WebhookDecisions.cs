using TalentPool.Common;
using TalentPool.Vacancies;

namespace TalentPool.Webhooks;

/// <summary>The rules of a member's webhook subscriptions: pure, state and command in, events out (or a refusal).</summary>
public static class WebhookDecisions
{
    /// <summary>Enough for a member's systems (production, staging, a CRM …), few enough that one member's deliveries stay bounded.</summary>
    public const int MaxSubscriptionsPerMember = 10;

    public static WebhookRegistered Register(
        RegisterWebhook command, EmployerKind memberKind, Guid memberId, int subscriptionsOfMember, string encryptedSecret, DateTimeOffset now)
    {
        if (subscriptionsOfMember >= MaxSubscriptionsPerMember)
            throw new RuleViolation($"A member has at most {MaxSubscriptionsPerMember} webhooks: delete one first.");
        return new WebhookRegistered(Guid.CreateVersion7(), memberKind, memberId, command.Url.Trim(), [.. command.EventKinds.Distinct()], encryptedSecret, now);
    }

    public static WebhookSecretRotated RotateSecret(WebhookSubscription subscription, string encryptedSecret, DateTimeOffset now, TimeSpan overlap) =>
        new(subscription.Id, subscription.MemberId, encryptedSecret, now, now + overlap);

    public static WebhookPaused Pause(WebhookSubscription subscription, DateTimeOffset now) => subscription.Status == WebhookStatus.Paused
        ? throw new RuleViolation($"Webhook {subscription.Id} is paused already.")
        : new WebhookPaused(subscription.Id, subscription.MemberId, now);

    public static WebhookResumed Resume(WebhookSubscription subscription, DateTimeOffset now) => subscription.Status == WebhookStatus.Active
        ? throw new RuleViolation($"Webhook {subscription.Id} is not paused.")
        : new WebhookResumed(subscription.Id, subscription.MemberId, now);

    public static WebhookDeleted Delete(WebhookSubscription subscription, DateTimeOffset now) => new(subscription.Id, subscription.MemberId, now);
}
