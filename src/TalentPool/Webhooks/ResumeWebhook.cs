using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Webhooks;

public static class ResumeWebhookEndpoint
{
    public static ProblemDetails Validate(Guid webhookId, WebhookSubscription? subscription, ClaimsPrincipal user) => WebhookAccess.Check(subscription, user, webhookId);

    [EndpointSummary("Resume a paused webhook: what was kept is sent, in order")]
    [EndpointDescription("Resume a paused webhook: the deliveries kept while it was paused are sent, oldest first, then new ones. 409: not paused.")]
    [WolverinePost("/api/v1/webhooks/{webhookId}/resume", OperationId = "ResumeWebhook"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<WebhookDetails>, Events, DeliverWebhooks) Post([WriteAggregate("webhookId")] WebhookSubscription subscription, TimeProvider clock, IDocumentSession session) =>
        (new UpdatedReadModel<WebhookDetails>(), [WebhookDecisions.Resume(subscription, clock.GetUtcNow())],
            new DeliverWebhooks(subscription.Id, RegionTenancy.RegionOf(session)));
}
