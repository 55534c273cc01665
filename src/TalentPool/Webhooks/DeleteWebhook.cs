using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Webhooks;

public static class DeleteWebhookEndpoint
{
    public static ProblemDetails Validate(Guid webhookId, WebhookSubscription? subscription, ClaimsPrincipal user) => WebhookAccess.Check(subscription, user, webhookId);

    [EndpointSummary("Delete a webhook: nothing more is sent to it, queued deliveries included")]
    [WolverineDelete("/api/v1/webhooks/{webhookId}", OperationId = "DeleteWebhook"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [EmptyResponse, ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Events Delete([WriteAggregate("webhookId")] WebhookSubscription subscription, TimeProvider clock) =>
        [WebhookDecisions.Delete(subscription, clock.GetUtcNow())];
}
