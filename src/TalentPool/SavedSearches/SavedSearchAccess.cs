using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Webhooks;
using Wolverine.Http;

namespace TalentPool.SavedSearches;

/// <summary>
/// A saved search is its member's own: another member's, or a deleted one, does not exist to it. An admin (the secretariat
/// helping a member) saves for a named member, and reads and deletes any member's, as with webhooks.
/// </summary>
public static class SavedSearchAccess
{
    public const string MembersAndAdmin = WebhookAccess.MembersAndAdmin;

    public static bool Owns(this ClaimsPrincipal user, SavedSearch? search) =>
        search is { Deleted: false } && (user.IsAdmin() || user.Member()?.Id == search.MemberId);

    public static ProblemDetails Check(SavedSearch? search, ClaimsPrincipal user, Guid savedSearchId) =>
        user.Owns(search) ? WolverineContinue.NoProblems : Problems.NotFound($"No saved search {savedSearchId}.");
}
