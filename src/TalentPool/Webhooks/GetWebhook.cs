using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Webhooks;

public static class GetWebhookEndpoint
{
    [EndpointSummary("Read one of the caller's webhooks (never its secret)")]
    [WolverineGet("/api/v1/webhooks/{webhookId}", OperationId = "GetWebhook"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<WebhookDetails>(StatusCodes.Status200OK)]
    public static async Task<WebhookDetails?> Get(Guid webhookId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<WebhookSubscription>(webhookId, cancellation) is { } subscription && user.Owns(subscription)
            ? WebhookDetails.Of(subscription)
            : null;
}
