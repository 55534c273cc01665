using System.Text.Json;
using Marten;

namespace TalentPool.Talents;

/// <summary>What a member asks of the shared base; null means "any".</summary>
public sealed record SharedTalentFilter(
    ConsentScope Scope,
    DateTimeOffset ConsentInForceSince,
    string? CompetenceArea = null,
    string? Language = null,
    string? Country = null,
    string? PreferredMunicipality = null,
    EducationLevel? EducationLevel = null,
    int? MinYearsOfExperience = null,
    bool? HasAccompanyingPartner = null,
    DateOnly? RegisteredSince = null,
    string? Search = null);

/// <summary>One row of the facet query: a value of one facet and how many matching talents have it.</summary>
public sealed record SharedTalentFacetRow(string Facet, string Value, int Count);

/// <summary>
/// The shared base's queries, in SQL so that each filter is written once and reads the column or index made for it
/// (<see cref="SharedTalentConfiguration.AddSharedTalentBase"/>): the page and the facet counts share one WHERE
/// clause and go to PostgreSQL together in one batch.
/// </summary>
public static class SharedTalentSearch
{
    public static async Task<(IReadOnlyList<SharedTalent> Page, IReadOnlyList<SharedTalentFacetRow> Facets)> RunAsync(
        IQuerySession session, SharedTalentFilter filter, Guid? after, int limit, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var (where, parameters) = Where(filter);

        var batch = session.CreateBatchQuery();
        var pageParameters = after is { } cursor ? [.. parameters, cursor, limit + 1] : parameters.Append(limit + 1).ToArray();
        var page = batch.Query<SharedTalent>(
            $"select d.data from {table} as d where {where}{(after is null ? "" : " and d.id < ?")} order by d.id desc limit ?",
            pageParameters);
        var facets = batch.Query<SharedTalentFacetRow>(FacetSql(table, where), parameters);
        await batch.Execute(cancellation);
        return (await page, await facets);
    }

    private static (string Where, object[] Parameters) Where(SharedTalentFilter filter)
    {
        var conditions = Conditions(filter);
        return (string.Join(" and ", conditions.Select(c => c.Sql)), [.. conditions.Select(c => c.Parameter)]);
    }

    /// <summary>
    /// One SQL condition (with its one <c>?</c> parameter) per filter given. Columns are named by Marten after the
    /// duplicated members (<see cref="SharedTalentConfiguration"/>): a nested member's path is joined without a
    /// separator (Profile.EducationLevel → profileeducation_level).
    /// </summary>
    internal static IReadOnlyList<(string Sql, object Parameter)> Conditions(SharedTalentFilter filter)
    {
        var conditions = new List<(string, object)>();
        void Contains(string json) => conditions.Add(("d.data @> ?::jsonb", json));
        static string Profile(string member, object value) =>
            JsonSerializer.Serialize(new Dictionary<string, object> { ["profile"] = new Dictionary<string, object> { [member] = value } });

        // A consent in force: given, and given after the moment that lies the region's validity before now.
        var consentColumn = filter.Scope == ConsentScope.Partners ? "shared_with_partners_since" : "shared_with_municipalities_since";
        conditions.Add(($"d.{consentColumn} > ?", filter.ConsentInForceSince));
        if (Present(filter.CompetenceArea) is { } area) Contains(Profile("competenceAreas", new[] { area }));
        if (Present(filter.Language) is { } language) Contains(Profile("languages", new[] { language.ToLowerInvariant() }));
        if (Present(filter.PreferredMunicipality) is { } number) Contains(Profile("preferredMunicipalities", new[] { number }));
        if (Present(filter.Country) is { } country) Contains(Profile("countryOfResidence", country.ToUpperInvariant()));
        if (filter.EducationLevel is { } education) conditions.Add(("d.profileeducation_level = ?", education.ToString()));
        if (filter.MinYearsOfExperience is { } years) conditions.Add(("d.profileyears_of_experience >= ?", years));
        if (filter.HasAccompanyingPartner is { } plusOne) conditions.Add(("d.has_accompanying_partner = ?", plusOne));
        if (filter.RegisteredSince is { } day)
        {
            conditions.Add(("d.registered_at >= ?", new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        }
        if (Present(filter.Search) is { } text)
        {
            // The same expression as the full-text index, so PostgreSQL reads the index; web-search syntax
            // ("quoted phrase", or, -not) and stemming of the configured language.
            conditions.Add(($"to_tsvector('{SharedTalentConfiguration.SearchConfiguration}'::regconfig, d.data ->> 'searchText') "
                + $"@@ websearch_to_tsquery('{SharedTalentConfiguration.SearchConfiguration}'::regconfig, ?)", text));
        }
        return conditions;
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The matching talents are read once, and only the five values the facets count are kept of each (not the whole
    /// document, which PostgreSQL spilled to disk and read back five times: 10× less temporary I/O at 100,000 talents).
    /// </summary>
    private static string FacetSql(string table, string where)
    {
        static string List(string facet, string column) =>
            $"select '{facet}' as facet, value, count(*) as count from matching, jsonb_array_elements_text({column}) as value group by value";
        static string Single(string facet, string column) => $"select '{facet}' as facet, {column} as value, count(*) as count from matching group by 2";
        return $"""
            with matching as materialized (
                select d.data -> 'profile' -> 'competenceAreas' as competence_areas, d.data -> 'profile' -> 'languages' as languages,
                    d.data -> 'profile' -> 'preferredMunicipalities' as preferred_municipalities,
                    d.data -> 'profile' ->> 'countryOfResidence' as country, d.data -> 'profile' ->> 'educationLevel' as education
                from {table} as d where {where}),
            counts as (
                {List(SharedTalentFacets.CompetenceAreaFacet, "competence_areas")}
                union all {List(SharedTalentFacets.LanguageFacet, "languages")}
                union all {List(SharedTalentFacets.PreferredMunicipalityFacet, "preferred_municipalities")}
                union all {Single(SharedTalentFacets.CountryFacet, "country")}
                union all {Single(SharedTalentFacets.EducationFacet, "education")})
            select jsonb_build_object('facet', facet, 'value', value, 'count', count) from counts
            """;
    }
}
