using Marten;
using TalentPool.Hosting;
using TalentPool.Regions;

namespace TalentPool.Talents;

/// <summary>
/// The one place where a region reads another region's data: talents of other regions who consent to be seen in the
/// reading region (<see cref="OtherRegionsConsent"/>). Everything else a region reads is its own tenant's, enforced by Marten.
/// </summary>
/// <remarks>
/// <para>How: a talent's <see cref="SharedTalent"/> document stays in its home region's tenant and carries a token per region
/// that may see it (<c>visibleIn:&lt;region&gt;</c>, or <c>visibleIn:*</c> for every region) in its filter tokens, written by the
/// inline projection in the transaction of the talent's event. A reader of the shared base adds, to its own tenant's documents,
/// the documents of other tenants holding its region's token or the every-region one (<see cref="VisibleIn"/>). So a withdrawal,
/// an erasure or a profile change is seen in every other region by the very next request, facet counts included, and nothing of
/// the talent is ever written into another region's tenant: there is nothing there to forget.</para>
/// <para>Why not a copy in each reading region's tenant: the copies would be a second, cross-tenant write of every talent event,
/// to keep in step across rebuilds (a rebuild of a region's shared base would drop them), new regions (an every-region consent
/// would have to be copied into each region made later) and erasure; a read of the documents where they already are needs none
/// of that.</para>
/// <para>Regions in databases of their own (Hosting/RegionDatabases.cs): the condition is one SQL statement over one database's
/// shared base, so each database of the installation is asked for its regions' talents consenting to the reader's region, and
/// the answers merged (<see cref="OtherRegionsDatabases"/>): pages by id, facet counts summed.</para>
/// </remarks>
public static class OtherRegionsSharing
{
    /// <summary>The tokens' name among <see cref="SharedTalent.FilterTokens"/> (a visibility, not a facet).</summary>
    public const string TokenName = "visibleIn";

    private const string EveryRegion = "*";

    /// <summary>The tokens a talent's consent to other regions puts in its shared document.</summary>
    public static IEnumerable<string> TokensOf(OtherRegionsConsent? consent) => consent switch
    {
        null => [],
        { EveryRegion: true } => [SharedTalentSearch.Token(TokenName, EveryRegion)],
        _ => consent.Regions.Select(region => SharedTalentSearch.Token(TokenName, RegionTenancy.TenantOf(region))),
    };

    /// <summary>
    /// The SQL condition "a document the reading region may see": its own tenant's, or another's that consents to it and whose
    /// consent to <paramref name="consentColumn"/> is in force in its home region too (<see cref="InForceAtHome"/>). The region's id
    /// is formatted here (a Guid: nothing else reaches the SQL) and written into it as a literal; the moment is the condition's one
    /// <c>?</c> parameter (<see cref="Moment"/>), so that the statement's text is the same on every request and its plan can be kept
    /// (Npgsql's automatic preparation: README "Shared-talent search at scale", session 9).
    /// </summary>
    internal static string VisibleIn(Guid region, string consentColumn) =>
        $"(d.tenant_id = '{RegionTenancy.TenantOf(region)}' or (d.filter_tokens && {Tokens(region)} and {InForceAtHome(consentColumn)}))";

    /// <summary>The condition "another region's document that consents to the reading region", its consent in force at home
    /// (one <c>?</c>: the moment, <see cref="Moment"/>).</summary>
    internal static string FromOtherRegions(Guid region, string consentColumn) =>
        $"{FromOtherRegionsTokens(region)} and {InForceAtHome(consentColumn)}";

    /// <summary>The moment as the parameter of <see cref="VisibleIn"/>'s and <see cref="FromOtherRegions"/>'s <c>?</c>: a UTC
    /// timestamp without a time zone (so that no session's time zone enters the condition), as the literal it replaces was.</summary>
    internal static DateTime Moment(DateTimeOffset now) => DateTime.SpecifyKind(now.UtcDateTime, DateTimeKind.Unspecified);

    private static string FromOtherRegionsTokens(Guid region) =>
        $"d.tenant_id <> '{RegionTenancy.TenantOf(region)}' and d.filter_tokens && {Tokens(region)}";

    /// <summary>
    /// The talent's consent is in force in its home region: given after the moment that lies the home region's consent validity
    /// before the moment (the `?`, <see cref="Moment"/>) (its <see cref="Region"/> document, in the home tenant; the default validity without one).
    /// The reader applies its own validity as well, so the shorter of the two holds: a consent that ran out where the talent
    /// gave it is not in force anywhere. Months are counted back in UTC as <see cref="TalentConsents.InForceSince"/> does
    /// (the last day of a shorter month when the day does not exist).
    /// </summary>
    private static string InForceAtHome(string consentColumn) =>
        $"d.{consentColumn} > (cast(? as timestamp) - make_interval(months => coalesce(" +
        $"(select (r.data ->> 'consentValidityMonths')::int from {DatabaseConfiguration.SchemaName}.mt_doc_region as r " +
        $"where r.tenant_id = d.tenant_id and r.id::text = d.tenant_id), {Region.DefaultConsentValidityMonths}))) at time zone 'UTC'";

    private static string Tokens(Guid region) =>
        $"array['{SharedTalentSearch.Token(TokenName, EveryRegion)}', '{SharedTalentSearch.Token(TokenName, RegionTenancy.TenantOf(region))}']::text[]";

    /// <summary>
    /// The home region of a talent of another region who consents to be seen in the session's region (any kind of member) with a
    /// consent to share in force at home, else null: what a region may learn of a talent it can see, and nothing of one it cannot.
    /// </summary>
    public static async Task<Guid?> HomeRegionOfVisibleAsync(IQuerySession session, Guid talentId, DateTimeOffset now, CancellationToken cancellation)
    {
        if (!Guid.TryParse(session.TenantId, out var region)) return null;
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var inForce = $"({InForceAtHome(SharedTalentSearch.ConsentColumn(ConsentScope.Partners))} or " +
            $"{InForceAtHome(SharedTalentSearch.ConsentColumn(ConsentScope.Municipalities))})";
        var sql = $"select jsonb_build_object('region', d.tenant_id) from {table} as d where d.id = ? and {FromOtherRegionsTokens(region)} and {inForce} limit 1";
        object[] parameters = [talentId, Moment(now), Moment(now)];
        var homes = await session.QueryAsync<HomeRegion>(sql, cancellation, parameters);
        if (homes.Count == 1) return Guid.Parse(homes[0].Region);
        // A region on another database (Hosting/RegionDatabases.cs): the talent and its home region's document are there.
        foreach (var database in await OtherRegionsDatabases.OthersAsync(session))
        {
            await using var elsewhere = OtherRegionsDatabases.SessionOn(session, database);
            homes = await elsewhere.QueryAsync<HomeRegion>(sql, cancellation, parameters);
            if (homes.Count == 1) return Guid.Parse(homes[0].Region);
        }
        return null;
    }

    private sealed record HomeRegion(string Region);

    /// <summary>
    /// The named regions that do not exist in any database of the installation: a cross-region read of the regions' own documents.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> UnknownRegionsAsync(IQuerySession session, IReadOnlyList<Guid> regions, CancellationToken cancellation)
    {
        if (regions.Count == 0) return [];
        var named = regions.ToArray();
        var known = new List<Guid>(await session.Query<Region>().Where(r => r.AnyTenant() && named.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellation));
        foreach (var database in await OtherRegionsDatabases.OthersAsync(session))
        {
            if (known.Count == named.Length) break;
            await using var elsewhere = OtherRegionsDatabases.SessionOn(session, database);
            known.AddRange(await elsewhere.Query<Region>().Where(r => r.AnyTenant() && named.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellation));
        }
        return [.. regions.Except(known)];
    }
}
