using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Vacancies;
using Wolverine.Http;

namespace TalentPool.Webhooks;

/// <summary>
/// A member registers and reads only its own webhooks: another member's, or a deleted one, does not exist to it. An admin (the
/// secretariat helping a member) reads, pauses, resumes, rotates, replays and deletes any member's webhook, but registers none.
/// </summary>
public static class WebhookAccess
{
    public const string MembersAndAdmin = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}";

    public static (EmployerKind Kind, Guid Id)? Member(this ClaimsPrincipal user) =>
        user.PartnerId() is { } partnerId ? (EmployerKind.Partner, partnerId)
        : user.MunicipalityId() is { } municipalityId ? (EmployerKind.Municipality, municipalityId)
        : null;

    public static bool Owns(this ClaimsPrincipal user, WebhookSubscription? subscription) =>
        subscription is { Status: not WebhookStatus.Deleted } && (user.IsAdmin() || user.Member()?.Id == subscription.MemberId);

    public static ProblemDetails Check(WebhookSubscription? subscription, ClaimsPrincipal user, Guid webhookId) =>
        user.Owns(subscription) ? WolverineContinue.NoProblems : Problems.NotFound($"No webhook {webhookId}.");
}
