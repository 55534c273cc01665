using System.Security.Claims;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Talents;
using TalentPool.Vacancies;
using TalentPool.Webhooks;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.SavedSearches;

/// <summary>
/// Save a search of the shared talent base under a name: the filters <c>GET /api/v1/shared-talents</c> takes, all optional. A
/// partner or municipality saves for itself; an admin names the member (<c>memberKind</c>, <c>memberId</c>), which others leave out.
/// </summary>
public sealed record SaveSearch(
    string Name,
    string? CompetenceArea = null,
    string? Language = null,
    string? Country = null,
    string? PreferredMunicipality = null,
    EducationLevel? EducationLevel = null,
    int? MinYearsOfExperience = null,
    bool? HasAccompanyingPartner = null,
    DateOnly? RegisteredSince = null,
    string? Search = null,
    EmployerKind? MemberKind = null,
    Guid? MemberId = null);

public sealed class SaveSearchValidator : AbstractValidator<SaveSearch>
{
    public SaveSearchValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.CompetenceArea).MaximumLength(InputLimits.CompetenceArea);
        RuleFor(x => x.Language).MaximumLength(InputLimits.LanguageCode);
        RuleFor(x => x.Country).MaximumLength(InputLimits.CountryCode);
        RuleFor(x => x.PreferredMunicipality).MaximumLength(InputLimits.MunicipalityNumber);
        RuleFor(x => x.Search).MaximumLength(InputLimits.SearchText);
        RuleFor(x => x.MinYearsOfExperience).InclusiveBetween(0, InputLimits.YearsOfExperience);
        RuleFor(x => x.MemberId).NotNull().When(x => x.MemberKind is not null).WithMessage("Name the member's id with its kind.");
    }
}

/// <summary>The caller as a member, and how many saved searches it has.</summary>
public sealed record SavedSearchMember(EmployerKind Kind, Guid Id, int Searches);

public static class SaveSearchEndpoint
{
    public static async Task<SavedSearchMember?> LoadAsync(SaveSearch command, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var (kind, id) = user.Member() ?? (command.MemberKind ?? EmployerKind.Partner, command.MemberId ?? Guid.Empty);
        var exists = kind == EmployerKind.Partner
            ? await session.LoadAsync<Partner>(id, cancellation) is not null
            : await session.LoadAsync<Municipality>(id, cancellation) is not null;
        if (!exists) return null;
        var searches = await session.Query<SavedSearch>().CountAsync(s => s.MemberId == id && !s.Deleted, cancellation);
        return new SavedSearchMember(kind, id, searches);
    }

    public static ProblemDetails Validate(SavedSearchMember? member) =>
        member is null ? Problems.NotFound("No such member: the token's partner or municipality does not exist.") : WolverineContinue.NoProblems;

    [EndpointSummary("Save a search of the shared talent base (partner or municipality; an admin names the member)")]
    [EndpointDescription("Save a search of the shared talent base under a name, with the filters `GET /api/v1/shared-talents` takes (all optional, combined with *and*; the consent scope is the member's own). From then on, each talent who comes to match it — registering with consent, updating the profile, giving consent — while the consent is in force is sent once to the member's webhooks that want `TalentMatchedSavedSearch` (README, Saved searches). An admin names the member (`memberKind`, `memberId`); a partner or municipality leaves them out. 404: the member does not exist. 409: the member has 25 saved searches already.")]
    [WolverinePost("/api/v1/saved-searches", OperationId = "SaveSearch"), Tags("SavedSearches")]
    [Authorize(Roles = SavedSearchAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IStartStream) Post(SaveSearch command, SavedSearchMember member, TimeProvider clock)
    {
        var created = SavedSearchDecisions.Create(command, member.Kind, member.Id, member.Searches, clock.GetUtcNow());
        return (new CreatedResponse(created.SavedSearchId, $"/api/v1/saved-searches/{created.SavedSearchId}"),
            MartenOps.StartStream<SavedSearch>(created.SavedSearchId, created));
    }
}
