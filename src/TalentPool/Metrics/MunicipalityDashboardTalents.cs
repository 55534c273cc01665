using Marten;
using TalentPool.Talents;

namespace TalentPool.Metrics;

/// <summary>How many of the talents who want to live in the municipality offer one competence area.</summary>
public sealed record CompetenceAreaCount(string CompetenceArea, int Talents);

/// <summary>
/// The talents of the shared base who name the municipality among where they want to live, counted: how many, and how
/// many offer each competence area (a talent with two areas counts in both). Only talents whose consent to share with
/// municipalities is in force, that is given after <c>ConsentInForceSince</c>; no talent is named.
/// </summary>
public sealed record TalentsWantingToLiveHere(DateTimeOffset ConsentInForceSince, int Talents, IReadOnlyList<CompetenceAreaCount> ByCompetenceArea);

public static class MunicipalityDashboardTalents
{
    private sealed record Row(string? CompetenceArea, int Talents);

    /// <summary>
    /// One query over the shared base with the filters its own search uses (the consent column and the GIN index on
    /// the preferred municipalities), counted in PostgreSQL: the answer is counts, never the talents. Only the competence
    /// areas column of each match is read, not the whole document (which spilled to disk and was parsed twice).
    /// </summary>
    public static async Task<TalentsWantingToLiveHere> CountAsync(
        IQuerySession session, string municipalityNumber, DateTimeOffset consentInForceSince, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var conditions = SharedTalentSearch.Conditions(
            new SharedTalentFilter(ConsentScope.Municipalities, consentInForceSince, PreferredMunicipality: municipalityNumber), session.TenantId);
        var where = string.Join(" and ", conditions.Select(c => c.Sql));
        var sql = $"""
            with matching as materialized (select d.profilecompetence_areas as competence_areas from {table} as d where {where})
            select jsonb_build_object('competenceArea', null, 'talents', count(*)) from matching
            union all
            select jsonb_build_object('competenceArea', area, 'talents', count(*))
            from (select unnest(competence_areas) as area from matching) as areas
            group by area
            """;
        var rows = await session.QueryAsync<Row>(sql, cancellation, SharedTalentSearch.ParametersOf(conditions));
        return new TalentsWantingToLiveHere(
            consentInForceSince,
            rows.Single(row => row.CompetenceArea is null).Talents,
            [.. rows.Where(row => row.CompetenceArea is not null)
                .Select(row => new CompetenceAreaCount(row.CompetenceArea!, row.Talents))
                .OrderBy(count => count.CompetenceArea, StringComparer.Ordinal)]);
    }
}
