using Marten;
using Marten.Services.BatchQuerying;
using TalentPool.Talents;

namespace TalentPool.Matching;

/// <summary>A talent to score: its id and the profile it shared, nothing else read (a page's cards are loaded after ranking).</summary>
public sealed record MatchCandidate(Guid Id, TalentProfile Profile);

/// <summary>
/// Which talents of the shared base a vacancy's matching scores: a bounded set picked by the GIN index over
/// <see cref="SharedTalent.FilterTokens"/>, never a scan of the base. Scoring them is <see cref="MatchScoring"/>'s.
/// </summary>
/// <remarks>
/// Must-haves (indexed, every candidate meets them): the region (tenant), a consent to the employer's kind of member in
/// force, the vacancy's competence area, and — when the vacancy requires languages — at least one of them (`&amp;&amp;` on the
/// tokens). Among the talents meeting them, three tiers, each the newest <see cref="PerTier"/> (walking the paging order):
/// (1) those who also prefer the vacancy's municipality, (2) those who also speak every required language, meet the
/// education minimum (its level or a higher one, as tokens) and the experience minimum, (3) any. The union (at most
/// 3 × <see cref="PerTier"/>) is scored and ranked. A talent outside every tier's newest <see cref="PerTier"/> is not
/// scored: at a million talents that is what keeps a ranking within a few hundred document reads. Each tier walks the talents
/// of the vacancy's competence area newest-first (<see cref="SharedTalentProbes"/>: one index of the area's talents, holding every
/// column a tier tests), not the whole base: the same candidates, found after passing the area's talents only.
/// </remarks>
public static class MatchCandidates
{
    public const int PerTier = 300;

    /// <summary>
    /// The candidates for a vacancy, each once, queued on <paramref name="batch"/>: the task completes once the batch is
    /// executed. Raw SQL: the region is in the consent condition (<see cref="SharedTalentSearch.Conditions"/>).
    /// </summary>
    /// <param name="probes">Whether the tiers may walk the area's probe rows (false only to compare: the same candidates, tested).</param>
    /// <param name="frequencies">The filter values' shares of the probe rows (<see cref="SharedTalentProbeStatistics"/>): a tier whose
    /// conditions keep too few of the area's talents is left to the shared base's indexes (<see cref="WalkLimit"/>).</param>
    public static Task<IReadOnlyList<MatchCandidate>> ForVacancy(
        IQuerySession session, IBatchedQuery batch, MatchRequirements vacancy, ConsentScope scope, DateTimeOffset consentInForceSince,
        int perTier = PerTier, bool probes = true, IReadOnlyDictionary<string, double>? frequencies = null)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var area = new SharedTalentFilter(scope, consentInForceSince, CompetenceArea: vacancy.CompetenceArea);
        var conditions = SharedTalentSearch.Conditions(area, session.TenantId);
        // A tier walks the talents of the vacancy's competence area (SharedTalentProbes), newest first, not the whole base.
        var (walked, walkMustHaves) = SharedTalentSearch.Walk(session, conditions, SharedTalentProbes.WalkToken(SharedTalentSearch.TokensOf(area)));
        IReadOnlyList<(string Sql, object Parameter)> languages =
            vacancy.Languages.Count > 0 ? [("d.filter_tokens && ?::text[]", LanguageTokens(vacancy))] : [];
        var talentShare = TalentShare(frequencies);
        var tiers = Tiers(vacancy).Select(extra =>
        {
            var walks = probes && (talentShare is null || perTier / Share([.. languages, .. extra], talentShare) <= WalkLimit);
            return walks
                ? Query(batch, table, walked, [.. walkMustHaves, .. languages, .. extra], perTier)
                : Query(batch, table, table, [.. conditions, .. languages, .. extra], perTier);
        }).ToList();
        return UnionAsync(tiers);
    }

    /// <summary>
    /// The most talents of the area a tier is expected to pass for its newest <see cref="PerTier"/>: beyond, PostgreSQL's choice over
    /// the shared base (a GIN bitmap of the few matches) reads less than the walk (at 1M, a rare vacancy's tiers: 754 and 1,294
    /// buffers against 3,281 and 8,183 walking the area's 93,000 talents; a common one's 190 against 22,904).
    /// </summary>
    public const int WalkLimit = 20_000;

    /// <summary>
    /// A token's share of the talents, from its share of the probe rows: every talent has one country row, so the countries'
    /// shares together are the talents' share of the rows. Null without statistics (a new database): then every tier walks.
    /// </summary>
    private static Func<string, double>? TalentShare(IReadOnlyDictionary<string, double>? frequencies)
    {
        var perTalent = frequencies?.Where(f => f.Key.StartsWith($"{SharedTalentFacets.CountryFacet}:", StringComparison.Ordinal)).Sum(f => f.Value) ?? 0;
        if (frequencies is null || perTalent <= 0) return null;
        // A value the statistics do not list is rarer than any they do.
        var rarest = frequencies.Values.Min();
        return token => Math.Min(1, frequencies.GetValueOrDefault(token, rarest / 2) / perTalent);
    }

    /// <summary>The share of the area's talents a tier's conditions keep, taken as independent: all of (`@>`), any of (`&amp;&amp;`), experience a half.</summary>
    private static double Share(IEnumerable<(string Sql, object Parameter)> conditions, Func<string, double> talentShare) =>
        Math.Max(1e-9, conditions.Aggregate(1.0, (share, condition) => share * condition switch
        {
            (var sql, string[] tokens) when sql.Contains("@>", StringComparison.Ordinal) => tokens.Aggregate(1.0, (all, token) => all * talentShare(token)),
            (_, string[] tokens) => Math.Min(1, tokens.Sum(talentShare)),
            _ => 0.5,
        }));

    private static async Task<IReadOnlyList<MatchCandidate>> UnionAsync(IReadOnlyList<Task<IReadOnlyList<MatchCandidate>>> tiers)
    {
        var seen = new HashSet<Guid>();
        var candidates = new List<MatchCandidate>();
        foreach (var tier in tiers) candidates.AddRange((await tier).Where(candidate => seen.Add(candidate.Id)));
        return candidates;
    }

    private static IEnumerable<IReadOnlyList<(string Sql, object Parameter)>> Tiers(MatchRequirements vacancy)
    {
        yield return [("d.filter_tokens @> ?::text[]", new[] { SharedTalentSearch.Token(SharedTalentFacets.PreferredMunicipalityFacet, vacancy.MunicipalityNumber) })];
        // Conditions the must-haves already hold are left out, and a tier of nothing more is not asked twice: with one required
        // language "speaks every one" is the must-have "speaks at least one", the lowest education level every talent's, so a
        // vacancy asking one language (or none) and no minimum has two tiers, the third's newest being the second's.
        var meetsEverything = new List<(string, object)>();
        if (LanguageTokens(vacancy).Length > 1) meetsEverything.Add(("d.filter_tokens @> ?::text[]", LanguageTokens(vacancy)));
        if (vacancy.MinimumEducationLevel is { } minimum && minimum > Enum.GetValues<EducationLevel>().Min())
        {
            meetsEverything.Add(("d.filter_tokens && ?::text[]", Enum.GetValues<EducationLevel>().Where(level => level >= minimum)
                .Select(level => SharedTalentSearch.Token(SharedTalentFacets.EducationFacet, level.ToString())).ToArray()));
        }
        if (vacancy.MinimumYearsOfExperience is { } years) meetsEverything.Add(("d.profileyears_of_experience >= ?", years));
        if (meetsEverything.Count > 0) yield return meetsEverything;
        yield return [];
    }

    private static string[] LanguageTokens(MatchRequirements vacancy) =>
        [.. vacancy.Languages.Select(language => SharedTalentSearch.Token(SharedTalentFacets.LanguageFacet, language.ToLowerInvariant())).Distinct()];

    /// <summary>
    /// One tier's newest <paramref name="limit"/>, newest first. The order is said twice: a join of the picked ids with the
    /// documents keeps the ids' order only as long as PostgreSQL joins them by a nested loop; with other statistics (after an
    /// analyze) it may hash them, and the candidates came back in another order (a flaky comparison in SharedTalentProbeTests).
    /// </summary>
    private static Task<IReadOnlyList<MatchCandidate>> Query(
        IBatchedQuery batch, string table, string walked, IReadOnlyList<(string Sql, object Parameter)> conditions, int limit) =>
        batch.Query<MatchCandidate>($"""
            with picked as materialized (
                select d.tenant_id, d.id from {walked} as d where {string.Join(" and ", conditions.Select(c => c.Sql))} order by d.id desc limit ?)
            select jsonb_build_object('id', d.id, 'profile', d.data -> 'profile')
            from picked join {table} as d on d.tenant_id = picked.tenant_id and d.id = picked.id
            order by d.id desc
            """, [.. SharedTalentSearch.ParametersOf(conditions), limit]);
}
