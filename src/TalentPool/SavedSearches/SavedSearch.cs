using System.Text.Json.Serialization;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.SavedSearches;

/// <summary>
/// A member's saved search, built only from its events (an inline snapshot in the member's region): what the endpoints read
/// and what a talent's change is matched against (<see cref="SavedSearchMatches"/>).
/// </summary>
public sealed record SavedSearch(
    Guid Id, EmployerKind MemberKind, Guid MemberId, string Name, SavedSearchFilters Filters, DateTimeOffset CreatedAt, bool Deleted)
{
    public int Version { get; init; }

    /// <summary>Whose consent the search reads: a partner's searches talents sharing with partners, a municipality's with municipalities.</summary>
    public ConsentScope Scope => MemberKind == EmployerKind.Partner ? ConsentScope.Partners : ConsentScope.Municipalities;

    /// <summary>
    /// The tokens every matching talent's <see cref="SharedTalent.FilterTokens"/> holds (one per equality filter, as the shared
    /// base's search makes them): a column with a GIN index, so a talent's change finds the searches it matches by
    /// <c>required_tokens &lt;@ talent's tokens</c>, an index lookup, instead of reading every search of the region. Not in the JSON.
    /// </summary>
    [JsonIgnore]
    public string[] RequiredTokens => SharedTalentSearch.TokensOf(new SharedTalentFilter(
        Scope, DateTimeOffset.MinValue, Filters.CompetenceArea, Filters.Language, Filters.Country, Filters.PreferredMunicipality,
        Filters.EducationLevel, Filters.MinYearsOfExperience, Filters.HasAccompanyingPartner, Filters.RegisteredSince, Filters.Search));

    public static SavedSearch Create(SavedSearchCreated created) => new(
        created.SavedSearchId, created.MemberKind, created.MemberId, created.Name, created.Filters, created.CreatedAt, false);

    public SavedSearch Apply(SavedSearchDeleted deleted) => this with { Deleted = true };
}

/// <summary>A saved search as its member reads it.</summary>
public sealed record SavedSearchDetails(Guid Id, string Name, SavedSearchFilters Filters, DateTimeOffset CreatedAt, string SearchUrl)
{
    public static SavedSearchDetails Of(SavedSearch search) => new(search.Id, search.Name, search.Filters, search.CreatedAt, SearchUrlOf(search.Filters));

    /// <summary>The same search of the shared base, to read its talents now.</summary>
    public static string SearchUrlOf(SavedSearchFilters filters)
    {
        var query = new List<string>();
        void Add(string name, object? value)
        {
            if (value is null) return;
            var text = value switch
            {
                bool flag => flag ? "true" : "false",
                DateOnly day => day.ToString("yyyy-MM-dd"),
                _ => value.ToString(),
            };
            if (!string.IsNullOrWhiteSpace(text)) query.Add($"{name}={Uri.EscapeDataString(text.Trim())}");
        }
        Add("competenceArea", filters.CompetenceArea);
        Add("language", filters.Language);
        Add("country", filters.Country);
        Add("preferredMunicipality", filters.PreferredMunicipality);
        Add("educationLevel", filters.EducationLevel);
        Add("minYearsOfExperience", filters.MinYearsOfExperience);
        Add("hasAccompanyingPartner", filters.HasAccompanyingPartner);
        Add("registeredSince", filters.RegisteredSince);
        Add("search", filters.Search);
        return query.Count == 0 ? "/api/v1/shared-talents" : $"/api/v1/shared-talents?{string.Join('&', query)}";
    }
}
