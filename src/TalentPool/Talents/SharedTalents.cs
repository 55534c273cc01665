using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Talents;

/// <summary>
/// What a member sees of a consenting talent: the profile and how to get in touch, nothing more, and the region the talent
/// lives in (<c>homeRegionId</c>: the reader's own, or another region whose talent consents to be seen in the reader's).
/// </summary>
public sealed record SharedTalentCard(
    Guid Id,
    string FullName,
    string Email,
    string? Phone,
    TalentProfile Profile,
    string? About,
    Guid HomeRegionId)
{
    public static SharedTalentCard Of(SharedTalentMatch match) => Of(match.Talent, Guid.Parse(match.HomeRegion));

    /// <summary>The card of a talent of <paramref name="homeRegionId"/> (the reading session's region, for its own talents).</summary>
    public static SharedTalentCard Of(SharedTalent talent, Guid homeRegionId) =>
        new(talent.Id, talent.FullName, talent.Email, talent.Phone, talent.Profile, talent.About, homeRegionId);
}

/// <summary>How many talents that match the filters have a value, one count per value.</summary>
public sealed record FacetCount(string Value, int Count);

/// <summary>How many talents that match the filters have each education level.</summary>
public sealed record EducationLevelCount(EducationLevel Value, int Count);

/// <summary>
/// Counts over the talents the filters match (not only this page), most frequent value first. A talent counts once under
/// each of its competence areas, languages and preferred municipalities. <c>Exact</c>: the counts are over every matching
/// talent, <c>CountedTalents</c> of them. When a filtered search matches more than the service counts (1,000), <c>Exact</c>
/// is false and the counts are over the newest <c>CountedTalents</c> matches only, each a lower bound ("at least").
/// </summary>
public sealed record SharedTalentFacets(
    bool Exact,
    int CountedTalents,
    IReadOnlyList<FacetCount> CompetenceAreas,
    IReadOnlyList<FacetCount> Countries,
    IReadOnlyList<FacetCount> Languages,
    IReadOnlyList<FacetCount> PreferredMunicipalities,
    IReadOnlyList<EducationLevelCount> EducationLevels)
{
    /// <summary>The row that counts the talents themselves (its value is empty).</summary>
    public const string TalentFacet = "talent";
    public const string CompetenceAreaFacet = "competenceArea";
    public const string CountryFacet = "country";
    public const string LanguageFacet = "language";
    public const string PreferredMunicipalityFacet = "preferredMunicipality";
    public const string EducationFacet = "education";

    /// <param name="rows">The counts; the <see cref="TalentFacet"/> row says how many talents matched, up to one more than counted.</param>
    /// <param name="countedAtMost">The most talents the rows count.</param>
    public static SharedTalentFacets From(IReadOnlyList<SharedTalentFacetRow> rows, int countedAtMost)
    {
        List<FacetCount> Of(string facet) => [.. rows.Where(r => r.Facet == facet)
            .OrderByDescending(r => r.Count).ThenBy(r => r.Value, StringComparer.Ordinal).Select(r => new FacetCount(r.Value, r.Count))];
        var matched = rows.Where(r => r.Facet == TalentFacet).Sum(r => r.Count);
        return new SharedTalentFacets(
            matched <= countedAtMost, Math.Min(matched, countedAtMost),
            Of(CompetenceAreaFacet), Of(CountryFacet), Of(LanguageFacet), Of(PreferredMunicipalityFacet),
            [.. Of(EducationFacet).Select(c => new EducationLevelCount(Enum.Parse<EducationLevel>(c.Value, ignoreCase: true), c.Count))]);
    }
}

/// <summary>A page of the shared base, newest registration first; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record SharedTalentPage(IReadOnlyList<SharedTalentCard> Items, Guid? Next, SharedTalentFacets Facets);

public static class SharedTalentsEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit, int? minYearsOfExperience = null) =>
        minYearsOfExperience is < 0
            ? Problems.Invalid("minYearsOfExperience", "'minYearsOfExperience' must be 0 or more.")
            : Paging.CheckLimit(limit);

    [EndpointSummary("The shared talent base")]
    [EndpointDescription("The shared talent base: talents whose consent to share with the caller's kind of member is in force "
        + "(given, not withdrawn, not older than the region's consent validity: time alone ends it). Partners see those who consent "
        + "to partners, municipalities those who consent to municipalities; an admin chooses with `scope`. Filters, all optional and "
        + "combined with *and*: `competenceArea`, `language`, `country`, `preferredMunicipality`, `educationLevel`, "
        + "`minYearsOfExperience`, `hasAccompanyingPartner` (a \"+1\"), `registeredSince` (a date), and `search`, free text over the "
        + "competence areas, the talent's own words and the \"+1\"'s occupation (web-search syntax: \"a phrase\", `or`, `-word`). "
        + "Talents of other regions who consent to be seen in the caller's region are listed too, under the same consents, with their "
        + "`homeRegionId`. `facets` counts the matching talents per competence area, country, language, preferred municipality and education: every "
        + "match (`exact` true) unless a filtered search matches more than 1,000, when the newest 1,000 are counted (`exact` false, "
        + "each count a lower bound); `countedTalents` says how many were counted. "
        + "Newest registration first; cursor paging by `after` (`next`), at most 200 a page.")]
    [WolverineGet("/api/v1/shared-talents", OperationId = "ListSharedTalents"), Tags("Talents")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    public static async Task<SharedTalentPage> Get(
        ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellation,
        [StringLength(InputLimits.CompetenceArea)] string? competenceArea = null, [StringLength(InputLimits.LanguageCode)] string? language = null,
        [StringLength(InputLimits.CountryCode)] string? country = null, [StringLength(InputLimits.MunicipalityNumber)] string? preferredMunicipality = null,
        EducationLevel? educationLevel = null, [Range(0, InputLimits.YearsOfExperience)] int? minYearsOfExperience = null, bool? hasAccompanyingPartner = null,
        DateOnly? registeredSince = null, [StringLength(InputLimits.SearchText)] string? search = null,
        ConsentScope scope = ConsentScope.Partners, Guid? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        var (consentScope, validityMonths) = await ConsentScopeOf(user, scope, session, cancellation);
        var filter = new SharedTalentFilter(
            consentScope, TalentConsents.InForceSince(clock.GetUtcNow(), validityMonths),
            competenceArea, language, country, preferredMunicipality, educationLevel, minYearsOfExperience, hasAccompanyingPartner,
            registeredSince, search, OtherRegions: true, Now: clock.GetUtcNow());

        var (talents, facets) = await SharedTalentSearch.RunAsync(session, filter, after, limit, cancellation);
        var page = talents.Take(limit).Select(SharedTalentCard.Of).ToList();
        return new SharedTalentPage(page, talents.Count > limit ? page[^1].Id : null, facets);
    }

    /// <summary>
    /// A partner sees what talents share with partners, a municipality what they share with municipalities, each for as
    /// long as its region's consent validity; an admin picks the scope and the default validity applies. One round trip, one
    /// statement: the member's region's validity read by a join (read on every request, never kept: a validity shortened
    /// hides the talents it ends at once). Marten's <c>Include</c> did the same with a temporary table made and dropped per
    /// request (four statements, two of them DDL: README "Shared-talent search at scale", session 9).
    /// </summary>
    internal static async Task<(ConsentScope Scope, int ValidityMonths)> ConsentScopeOf(
        ClaimsPrincipal user, ConsentScope requested, IQuerySession session, CancellationToken cancellation)
    {
        if (user.PartnerId() is { } partnerId)
        {
            return (ConsentScope.Partners, await ValidityMonthsAsync<Partner>(session, "m.region_id", partnerId, cancellation));
        }
        if (user.MunicipalityId() is { } municipalityId)
        {
            return (ConsentScope.Municipalities, await ValidityMonthsAsync<Municipality>(session, "(m.data ->> 'regionId')::uuid", municipalityId, cancellation));
        }
        return (requested, Region.DefaultConsentValidityMonths);
    }

    /// <summary>
    /// The consent validity of the region a member (a <typeparamref name="TMember"/> of the session's region) belongs to: the
    /// default when the member or its region is not there, as <see cref="Region.ConsentValidityMonths"/> reads.
    /// </summary>
    internal static async Task<int> ValidityMonthsAsync<TMember>(IQuerySession session, string memberRegion, Guid memberId, CancellationToken cancellation)
    {
        var schema = session.DocumentStore.Options.Schema;
        var months = await session.QueryAsync<int>($"""
            select coalesce((select (r.data ->> 'consentValidityMonths')::int
                from {schema.For<TMember>()} as m join {schema.For<Region>()} as r on r.tenant_id = m.tenant_id and r.id = {memberRegion}
                where m.tenant_id = ? and m.id = ?), {Region.DefaultConsentValidityMonths})
            """, cancellation, session.TenantId, memberId);
        return months[0];
    }
}
