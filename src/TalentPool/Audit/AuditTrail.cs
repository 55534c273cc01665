using System.Diagnostics;
using System.Security.Claims;
using Marten;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TalentPool.Audit;

/// <summary>
/// Stamps every event a request appends with who caused it — the token's subject as Marten's user name and
/// its role as a header — and one correlation id for all of the request's events (the trace id), so an
/// admin can read back who did what, together with what.
/// </summary>
public sealed class AuditTrail(IHttpContextAccessor http) : DocumentSessionListenerBase
{
    public const string RoleHeader = "role";

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var context = http.HttpContext;
        if (context is null) return Task.CompletedTask;

        var user = context.User;
        var (causedBy, role) = user.Identity?.IsAuthenticated == true
            ? (user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? user.Identity.Name ?? "unknown", user.FindFirstValue("role") ?? "")
            : ("anonymous", "anonymous");
        var correlationId = session.CorrelationId ?? Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

        // Events take the session's metadata when appended, before this runs, so stamp them here.
        foreach (var @event in session.PendingChanges.Streams().SelectMany(stream => stream.Events))
        {
            @event.UserName = causedBy;
            @event.CorrelationId ??= correlationId;
            @event.SetHeader(RoleHeader, role);
        }
        return Task.CompletedTask;
    }
}
