using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Webhooks;

public static class PauseWebhookEndpoint
{
    public static ProblemDetails Validate(Guid webhookId, WebhookSubscription? subscription, ClaimsPrincipal user) => WebhookAccess.Check(subscription, user, webhookId);

    [EndpointSummary("Pause a webhook: deliveries are kept, not sent, until it is resumed")]
    [EndpointDescription("Pause a webhook: events go on making deliveries, kept in order and not sent until the webhook is resumed. 409: paused already.")]
    [WolverinePost("/api/v1/webhooks/{webhookId}/pause", OperationId = "PauseWebhook"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<WebhookDetails>, Events) Post([WriteAggregate("webhookId")] WebhookSubscription subscription, TimeProvider clock) =>
        (new UpdatedReadModel<WebhookDetails>(), [WebhookDecisions.Pause(subscription, clock.GetUtcNow())]);
}
