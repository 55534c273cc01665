using Marten;

using TalentPool.Hosting;

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
    string? Search = null,
    bool OtherRegions = false,
    DateTimeOffset? Now = null);

/// <summary>A talent of the shared base and the region it lives in (its tenant): the reading region's, or another that it consents to.</summary>
public sealed record SharedTalentMatch(string HomeRegion, SharedTalent Talent);

/// <summary>One row of the facet query: a value of one facet and how many matching talents have it.</summary>
public sealed record SharedTalentFacetRow(string Facet, string Value, int Count);

/// <summary>
/// The shared base's queries, in SQL so that each filter is written once and reads the column or index made for it
/// (<see cref="SharedTalentConfiguration.AddSharedTalentBase"/>): the page and the facet counts share one WHERE
/// clause and go to PostgreSQL together in one batch.
/// </summary>
/// <remarks>
/// The facets, as measured at 1,000,000 talents (README, "The shared talent base"): counting over every match costs what
/// the match set costs, seconds for a broad search. So a search with no filter but the consent reads the counts kept
/// beside the documents (<see cref="SharedTalentFacetCounts"/>), exact and cheap; a filtered search counts its matches
/// exactly while they are at most <see cref="ExactFacetLimit"/>, and beyond that the newest that many only, saying so
/// (<see cref="SharedTalentFacets.Exact"/> false: each count a lower bound).
/// </remarks>
public static class SharedTalentSearch
{
    /// <summary>The most matches a filtered search counts its facets over.</summary>
    public const int ExactFacetLimit = 1_000;

    /// <param name="probes">Whether a search with an equality filter walks the talents of one of its values
    /// (<see cref="SharedTalentProbes"/>) rather than the whole base: the same answer either way (tested), false only to compare.</param>
    public static async Task<(IReadOnlyList<SharedTalentMatch> Page, SharedTalentFacets Facets)> RunAsync(
        IQuerySession session, SharedTalentFilter filter, Guid? after, int limit, CancellationToken cancellation,
        int exactFacetLimit = ExactFacetLimit, bool probes = true)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var conditions = Conditions(filter, session.TenantId);
        // The walk: the talents of the filter's rarest value (the probe table) when it has one, else the whole base.
        var tokens = TokensOf(filter);
        var walkToken = probes && tokens.Length > 0
            ? SharedTalentProbes.WalkToken(tokens, tokens.Length > 1 ? await SharedTalentProbeStatistics.OfAsync(session, cancellation) : null)
            : null;
        var (walked, walkConditions) = Walk(session, conditions, walkToken);
        var where = string.Join(" and ", walkConditions.Select(c => c.Sql));
        var parameters = ParametersOf(walkConditions);

        var batch = session.CreateBatchQuery();
        var pageParameters = after is { } cursor ? [.. parameters, cursor, limit + 1] : parameters.Append(limit + 1).ToArray();
        var page = batch.Query<SharedTalentMatch>(PageSql(table, where, after is not null, walked), pageParameters);
        // The consent alone: the kept counts, which count every match; otherwise the matches, at most exactFacetLimit of them.
        var kept = conditions.Count == 1;
        var facets = kept
            ? batch.Query<SharedTalentFacetRow>(
                KeptCountsSql(table, session.DocumentStore.Options.DatabaseSchemaName, filter.Scope, session.TenantId,
                    OtherRegionsOf(filter, session.TenantId)),
                KeptCountsParameters(filter, OtherRegionsOf(filter, session.TenantId)))
            : batch.Query<SharedTalentFacetRow>(CountedSql(walked, where), [.. parameters, exactFacetLimit + 1, exactFacetLimit]);
        await batch.Execute(cancellation);
        if (!OtherRegionsOf(filter, session.TenantId)) return (await page, SharedTalentFacets.From(await facets, kept ? int.MaxValue : exactFacetLimit));
        // Regions on other databases than the reader's: their consenting talents are read there and merged (OtherRegionsDatabases).
        return await OtherRegionsDatabases.MergeAsync(session, filter, after, limit, exactFacetLimit, kept, await page, await facets, cancellation);
    }

    /// <summary>
    /// One talent the filter lets the session's region see (its own, or another region's consenting to it), else null: the
    /// detail of a card the search answers, under the same conditions.
    /// </summary>
    public static async Task<SharedTalentMatch?> FindAsync(IQuerySession session, SharedTalentFilter filter, Guid talentId, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var conditions = Conditions(filter, session.TenantId);
        var where = string.Join(" and ", conditions.Select(c => c.Sql));
        var found = await session.QueryAsync<SharedTalentMatch>(
            $"select {Match} from {table} as d where {where} and d.id = ? limit 1", cancellation, [.. ParametersOf(conditions), talentId]);
        if (found.Count == 1) return found[0];
        return OtherRegionsOf(filter, session.TenantId) ? await OtherRegionsDatabases.FindAsync(session, filter, talentId, cancellation) : null;
    }

    /// <summary>The talents among <paramref name="talentIds"/> the filter lets the session's region see, as the search answers them.</summary>
    public static async Task<IReadOnlyList<SharedTalentMatch>> FindManyAsync(
        IQuerySession session, SharedTalentFilter filter, IReadOnlyList<Guid> talentIds, CancellationToken cancellation)
    {
        if (talentIds.Count == 0) return [];
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var conditions = Conditions(filter, session.TenantId);
        var where = string.Join(" and ", conditions.Select(c => c.Sql));
        return await session.QueryAsync<SharedTalentMatch>(
            $"select {Match} from {table} as d where {where} and d.id = any(?)", cancellation,
            [.. ParametersOf(conditions), talentIds.Distinct().ToArray()]);
    }

    /// <summary>
    /// The page: the newest matches' ids first, from the covering index alone (<see cref="SharedTalentConfiguration.FacetIndex"/>
    /// holds every column a condition reads, the tenant and the text included), then their documents by the primary key, in one
    /// database (the cursor's `d.id < ?` when <paramref name="after"/>). In one
    /// query a walk of an index fetches each document it passes before testing the conditions (a plain index scan tests them on
    /// the row): at 1M talents a filter matching one talent in a hundred read ~2,000 documents for a page of 26 (README
    /// "Shared-talent search at scale"). Parameters: the conditions', then the limit.
    /// </summary>
    internal static string PageSql(string table, string where, bool after, string? walked = null) => $"""
        with page as materialized (select d.tenant_id, d.id from {walked ?? table} as d where {where}{(after ? " and d.id < ?" : "")} order by d.id desc limit ?)
        select {Match} from page join {table} as d on d.tenant_id = page.tenant_id and d.id = page.id order by d.id desc
        """;

    /// <summary>
    /// What a newest-first walk reads, and its conditions: with a token, the probe table's rows of that token (the conditions read
    /// its columns, named as the document's, the token's condition first), else the shared base itself.
    /// </summary>
    internal static (string Table, IReadOnlyList<(string Sql, object Parameter)> Conditions) Walk(
        IQuerySession session, IReadOnlyList<(string Sql, object Parameter)> conditions, string? token) =>
        token is null
            ? (session.DocumentStore.Options.Schema.For<SharedTalent>(), conditions)
            : (SharedTalentProbes.Table(session.DocumentStore.Options.DatabaseSchemaName), [("d.token = ?", token), .. conditions]);

    /// <summary>What a match selects: the document and its tenant, the talent's home region.</summary>
    private const string Match = "jsonb_build_object('homeRegion', d.tenant_id, 'talent', d.data)";

    /// <summary>Whether the search reads other regions' consenting talents too: asked for, and the session is a region's.</summary>
    internal static bool OtherRegionsOf(SharedTalentFilter filter, string tenant) => filter.OtherRegions && Guid.TryParse(tenant, out _);

    /// <summary>The moment a search of other regions' talents is made at: their home regions' consent validities count back from it.</summary>
    internal static DateTimeOffset NowOf(SharedTalentFilter filter) =>
        filter.Now ?? throw new ArgumentException("A search of other regions' talents needs the moment it is made at (Now).", nameof(filter));

    /// <summary>The region a region's tenant id names (<see cref="OtherRegionsOf"/> checked it is one).</summary>
    internal static Guid RegionOf(string tenant) => Guid.Parse(tenant);

    /// <summary>
    /// One SQL condition (with its one <c>?</c> parameter) per filter given, the consent first. Columns are named by
    /// Marten after the duplicated members (<see cref="SharedTalentConfiguration"/>): a nested member's path is joined
    /// without a separator (Profile.EducationLevel → profileeducation_level).
    /// The first condition also keeps the search in the session's region: raw SQL is not filtered by Marten's tenancy, so the
    /// tenant is part of the one condition every reader of the shared base starts from (the id is one we formatted from a
    /// Guid, or Marten's default tenant's name: written into the SQL, it keeps one <c>?</c> per condition).
    /// </summary>
    /// <param name="elsewhere">The conditions for another database than the reader's region's: there only other regions'
    /// talents consenting to the reader's region are read (OtherRegionsDatabases).</param>
    internal static IReadOnlyList<(string Sql, object Parameter)> Conditions(SharedTalentFilter filter, string tenant, bool elsewhere = false)
    {
        var conditions = new List<(string, object)>();

        // A consent in force: given, and given after the moment that lies the region's validity before now; in the region, or in
        // another region that consents to be seen in it (OtherRegionsSharing).
        // Other regions' consents count back from the moment of the search: a parameter, as every value the request brings, so
        // that the statement's text is the same on every request (its plan kept by Npgsql's automatic preparation).
        var visible = elsewhere
            ? OtherRegionsSharing.FromOtherRegions(RegionOf(tenant), ConsentColumn(filter.Scope))
            : OtherRegionsOf(filter, tenant)
            ? OtherRegionsSharing.VisibleIn(RegionOf(tenant), ConsentColumn(filter.Scope))
            : $"d.tenant_id = {Tenant(tenant)}";
        conditions.Add(($"{visible} and d.{ConsentColumn(filter.Scope)} > ?", elsewhere || OtherRegionsOf(filter, tenant)
            ? new Several([OtherRegionsSharing.Moment(NowOf(filter)), filter.ConsentInForceSince])
            : filter.ConsentInForceSince));
        // Every equality filter at once: `@>` on the tokens column (SharedTalent.FilterTokens), which its GIN index answers by
        // intersecting the filters' lists, and which the facets' covering index holds for a newest-first walk.
        var tokens = TokensOf(filter);
        if (tokens.Length > 0) conditions.Add(("d.filter_tokens @> ?::text[]", tokens));
        if (filter.MinYearsOfExperience is { } years) conditions.Add(("d.profileyears_of_experience >= ?", years));
        if (filter.RegisteredSince is { } day)
        {
            conditions.Add(("d.registered_at >= ?", new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        }
        if (Present(filter.Search) is { } text)
        {
            // The stored tsvector and its GIN index; web-search syntax ("quoted phrase", or, -not) and stemming of the
            // configured language.
            conditions.Add(($"d.search_vector @@ websearch_to_tsquery('{SharedTalentConfiguration.SearchConfiguration}'::regconfig, ?)", text));
        }
        return conditions;
    }

    /// <summary>The parameters of a condition with more than one <c>?</c> (the consent's: the moment other regions' consents count
    /// back from, then the reader's own cut-off), in the order of its <c>?</c>s.</summary>
    internal sealed record Several(object[] Values);

    /// <summary>The conditions' parameters in the order of their <c>?</c>s (<see cref="Several"/> spread).</summary>
    internal static object[] ParametersOf(IEnumerable<(string Sql, object Parameter)> conditions) =>
        [.. conditions.SelectMany(c => c.Parameter is Several several ? several.Values : [c.Parameter])];

    /// <summary>
    /// The filter's equality filters as the tokens a matching talent's <see cref="SharedTalent.FilterTokens"/> must all hold
    /// (values normalised as the talents' are: languages lower case, countries upper case, trimmed). Saved searches keep
    /// these too, so a talent finds the searches it matches by the same tokens (SavedSearches/SavedSearchMatches.cs).
    /// </summary>
    public static string[] TokensOf(SharedTalentFilter filter) =>
    [
        .. Present(filter.CompetenceArea) is { } area ? [Token(SharedTalentFacets.CompetenceAreaFacet, area)] : Array.Empty<string>(),
        .. Present(filter.Language) is { } language ? [Token(SharedTalentFacets.LanguageFacet, language.ToLowerInvariant())] : Array.Empty<string>(),
        .. Present(filter.PreferredMunicipality) is { } number ? [Token(SharedTalentFacets.PreferredMunicipalityFacet, number)] : Array.Empty<string>(),
        .. Present(filter.Country) is { } country ? [Token(SharedTalentFacets.CountryFacet, country.ToUpperInvariant())] : Array.Empty<string>(),
        .. filter.EducationLevel is { } education ? [Token(SharedTalentFacets.EducationFacet, education.ToString())] : Array.Empty<string>(),
        .. filter.HasAccompanyingPartner is { } plusOne ? [Token(PlusOneFilter, plusOne ? "true" : "false")] : Array.Empty<string>(),
    ];

    /// <summary>The "+1" filter's name among the tokens (a filter, not a facet).</summary>
    public const string PlusOneFilter = "plusOne";

    /// <summary>One value of a facet (or of the "+1" filter) as <see cref="SharedTalent.FilterTokens"/> holds it: <c>facet:value</c>.</summary>
    public static string Token(string facet, string value) => $"{facet}:{value}";

    internal static string ConsentColumn(ConsentScope scope) =>
        scope == ConsentScope.Partners ? "shared_with_partners_since" : "shared_with_municipalities_since";

    /// <summary>A tenant id as an SQL literal; only a region's id (a Guid) or Marten's default tenant is accepted.</summary>
    internal static string Tenant(string tenant) =>
        Guid.TryParse(tenant, out var region) ? $"'{RegionTenancy.TenantOf(region)}'"
        : tenant == RegionTenancy.InstallationTenant ? $"'{tenant}'"
        : throw new ArgumentException($"Not a region's tenant: {tenant}", nameof(tenant));

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The kept counts of every whole month after the one the consent validity starts in, of the days of that month after
    /// the day it starts on, and that one day counted from its documents (those whose consent is given after the validity's
    /// start that day): exact, the same as counting every match, at the cost of a few thousand rows and one day's talents.
    /// </summary>
    /// <remarks>
    /// The talents of other regions who consent to be seen in this one (<paramref name="otherRegions"/>) are counted from their
    /// documents, every one of them: the kept counts are each region's own. Their cost grows with the talents consenting to the
    /// region, not with the talents of the installation (the tokens' GIN index finds them).
    /// </remarks>
    internal static string KeptCountsSql(string table, string schema, ConsentScope scope, string tenant, bool otherRegions = false) => $"""
        select jsonb_build_object('facet', facet, 'value', value, 'count', sum(talents)) from (
            select c.facet, c.value, c.talents from {schema}.{SharedTalentFacetCounts.TableName} as c
            where c.tenant_id = {Tenant(tenant)} and c.scope = ? and c.span = '{SharedTalentFacetCounts.Month}' and c.start > ?
            union all
            select c.facet, c.value, c.talents from {schema}.{SharedTalentFacetCounts.TableName} as c
            where c.tenant_id = {Tenant(tenant)} and c.scope = ? and c.span = '{SharedTalentFacetCounts.Day}' and c.start > ? and c.start < ?
            union all
            select v.facet, v.value, 1 from {table} as d, {SharedTalentFacetCounts.ValuesOf(schema, "d")} as v
            where d.tenant_id = {Tenant(tenant)} and d.{ConsentColumn(scope)} > ? and d.{ConsentColumn(scope)} < ? and v.scope = ?
            {(otherRegions ? $"""
            union all
            select v.facet, v.value, 1 from {table} as d, {SharedTalentFacetCounts.ValuesOf(schema, "d")} as v
            where {OtherRegionsSharing.FromOtherRegions(RegionOf(tenant), ConsentColumn(scope))} and d.{ConsentColumn(scope)} > ? and v.scope = ?
            """ : "")}) as counts
        group by facet, value having sum(talents) > 0
        """;

    internal static object[] KeptCountsParameters(SharedTalentFilter filter, bool otherRegions = false)
    {
        var firstDay = DateOnly.FromDateTime(filter.ConsentInForceSince.UtcDateTime);
        var firstMonth = new DateOnly(firstDay.Year, firstDay.Month, 1);
        var scope = SharedTalentFacetCounts.ScopeName(filter.Scope);
        var dayAfter = new DateTimeOffset(firstDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        object[] own = [scope, firstMonth, scope, firstDay, firstMonth.AddMonths(1), filter.ConsentInForceSince, dayAfter, scope];
        return otherRegions ? [.. own, OtherRegionsSharing.Moment(NowOf(filter)), filter.ConsentInForceSince, scope] : own;
    }

    /// <summary>
    /// The newest matches, one more than are counted (so the answer knows whether there are more), and only their
    /// <see cref="SharedTalent.FilterTokens"/>, each a facet value (<c>facet:value</c>; the value is what follows the first
    /// colon). Parameters: the conditions', then the limit + 1, then the limit.
    /// </summary>
    /// <remarks>
    /// The tokens are counted whole and split into facet and value after (a few dozen groups): splitting each of the ~7,000
    /// tokens of 1,000 matches before grouping cost PostgreSQL about 6 ms of CPU a search against 4 (README "Shared-talent
    /// search at scale", session 9). The same rows either way: a token's facet and value are a function of the token.
    /// </remarks>
    internal static string CountedSql(string table, string where) => $"""
        with matching as materialized (select d.filter_tokens as tokens from {table} as d where {where} order by d.id desc limit ?),
        counted as materialized (select * from matching limit ?),
        tokens as materialized (select token, count(*) as count from counted, unnest(tokens) as token group by token),
        counts as (
            select '{SharedTalentFacets.TalentFacet}' as facet, '' as value, (select count(*) from matching) as count
            union all
            select split_part(token, ':', 1), substr(token, strpos(token, ':') + 1), count from tokens)
        select jsonb_build_object('facet', facet, 'value', value, 'count', count) from counts where facet not in ('{PlusOneFilter}', '{OtherRegionsSharing.TokenName}')
        """;
}
