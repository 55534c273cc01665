using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Audit;

/// <summary>One event of a stream as the audit trail shows it.</summary>
public sealed record AuditedEvent(
    long Sequence,
    long Version,
    string Type,
    DateTimeOffset Timestamp,
    string? CausedBy,
    string? Role,
    string? CorrelationId,
    object Data);

public static class StreamHistoryEndpoint
{
    [EndpointSummary("The history of one stream (a talent, partner, hire …) with who caused each event and the correlation id of its request (admin)")]
    [EndpointDescription("The history of one stream (a talent, partner, hire …) with who caused each event and the correlation id of its request (admin). Reads that stream's events only, by its id.")]
    [WolverineGet("/api/v1/audit/streams/{streamId}", OperationId = "GetStreamHistory"), Tags("Audit"), Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<AuditedEvent>>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid streamId, IQuerySession session, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: cancellation);
        if (events.Count == 0) return Results.Problem(Problems.NotFound($"No stream {streamId}."));
        return Results.Ok(events.Select(e => new AuditedEvent(
            e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.UserName,
            e.Headers?.GetValueOrDefault(AuditTrail.RoleHeader)?.ToString(), e.CorrelationId, e.Data)).ToList());
    }
}
