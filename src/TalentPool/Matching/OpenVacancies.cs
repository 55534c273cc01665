using Marten;
using Marten.Services.BatchQuerying;
using TalentPool.Vacancies;

namespace TalentPool.Matching;

/// <summary>One word source of an opening: an open vacancy's competence area or title.</summary>
public sealed record OpeningText(string Text);

/// <summary>The region's open vacancies, as matching reads them.</summary>
public static class OpenVacancies
{
    /// <summary>The most open vacancies a talent's own view scores (newest first), and the most openings a "+1" is looked up in.</summary>
    public const int MostRead = 2_000;

    /// <summary>
    /// The distinct competence areas and titles of the region's open vacancies but one, for the "+1"'s occupation
    /// (<see cref="OccupationOpenings"/>), queued on <paramref name="batch"/>. Raw SQL, so it filters the region itself.
    /// </summary>
    public static async Task<OccupationOpenings> OccupationOpenings(IQuerySession session, IBatchedQuery batch, Guid? except)
    {
        var table = session.DocumentStore.Options.Schema.For<VacancyView>();
        var texts = batch.Query<OpeningText>($"""
            select jsonb_build_object('text', text) from (
                select distinct unnest(array[d.data -> 'details' ->> 'competenceArea', d.data -> 'details' ->> 'title']) as text
                from (select d.data from {table} as d
                      where d.tenant_id = ? and d.data ->> 'status' = 'Open' and d.id <> ? order by d.id desc limit ?) as d) as texts
            where text is not null
            """, session.TenantId, except ?? Guid.Empty, MostRead);
        return new OccupationOpenings((await texts).Select(t => t.Text));
    }
}
