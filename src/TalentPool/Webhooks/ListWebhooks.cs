using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Webhooks;

/// <summary>A page of the caller's webhooks, oldest first; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record WebhookPage(IReadOnlyList<WebhookDetails> Items, Guid? Next);

public static class ListWebhooksEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("List the caller's webhooks")]
    [WolverineGet("/api/v1/webhooks", OperationId = "ListWebhooks"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.Members)]
    public static async Task<WebhookPage> List(
        ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation, Guid? after = null, int limit = Paging.DefaultLimit)
    {
        var memberId = user.Member()?.Id ?? Guid.Empty;
        var query = session.Query<WebhookSubscription>().Where(s => s.MemberId == memberId && s.Status != WebhookStatus.Deleted);
        if (after is { } cursor) query = query.Where(s => s.Id > cursor);
        var items = await query.OrderBy(s => s.Id).Take(limit + 1).ToListAsync(cancellation);
        var page = items.Take(limit).Select(WebhookDetails.Of).ToList();
        return new WebhookPage(page, items.Count > limit ? page[^1].Id : null);
    }
}
