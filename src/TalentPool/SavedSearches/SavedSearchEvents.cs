using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.SavedSearches;

/// <summary>
/// The filters of a shared-talent search, as <c>GET /api/v1/shared-talents</c> takes them (all optional, combined with
/// <em>and</em>); the consent scope is the member's own (partners see talents consenting to partners, municipalities those
/// consenting to municipalities).
/// </summary>
public sealed record SavedSearchFilters(
    string? CompetenceArea = null,
    string? Language = null,
    string? Country = null,
    string? PreferredMunicipality = null,
    EducationLevel? EducationLevel = null,
    int? MinYearsOfExperience = null,
    bool? HasAccompanyingPartner = null,
    DateOnly? RegisteredSince = null,
    string? Search = null);

/// <summary>A member saved a search of the shared talent base: talents who come to match it are sent to its webhooks.</summary>
public sealed record SavedSearchCreated(
    Guid SavedSearchId, EmployerKind MemberKind, Guid MemberId, string Name, SavedSearchFilters Filters, DateTimeOffset CreatedAt);

/// <summary>The search no longer notifies; deliveries it made stay in the webhooks' logs.</summary>
public sealed record SavedSearchDeleted(Guid SavedSearchId, Guid MemberId, DateTimeOffset DeletedAt);
