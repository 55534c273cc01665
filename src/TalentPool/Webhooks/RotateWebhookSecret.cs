using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Webhooks;

/// <summary>The new secret — shown this once — and until when the previous one still signs beside it.</summary>
public sealed record WebhookSecretIssued(Guid Id, string Secret, DateTimeOffset PreviousSecretValidUntil);

public static class RotateWebhookSecretEndpoint
{
    public static ProblemDetails Validate(Guid webhookId, WebhookSubscription? subscription, ClaimsPrincipal user) => WebhookAccess.Check(subscription, user, webhookId);

    [EndpointSummary("Rotate a webhook's signing secret")]
    [EndpointDescription("Rotate a webhook's signing secret: the answer holds the new secret (shown this once). Deliveries are signed with the new secret from now on and, for 24 hours, also with the previous one (a second `v1,` signature in `webhook-signature`), so the receiver can switch without losing a delivery.")]
    [WolverinePost("/api/v1/webhooks/{webhookId}/secret", OperationId = "RotateWebhookSecret"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (WebhookSecretIssued, Events) Post(
        [WriteAggregate("webhookId")] WebhookSubscription subscription, WebhookSecrets secrets, WebhookOptions options, TimeProvider clock)
    {
        var (secret, encrypted) = secrets.Create();
        var rotated = WebhookDecisions.RotateSecret(subscription, encrypted, clock.GetUtcNow(), options.RotationOverlap);
        return (new WebhookSecretIssued(subscription.Id, secret, rotated.PreviousValidUntil), [rotated]);
    }
}
