using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using TalentPool.Auth;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Talents;

/// <summary>What a member sees of a consenting talent: the profile and how to get in touch, nothing more.</summary>
public sealed record SharedTalent(
    Guid Id,
    string FullName,
    string Email,
    string? Phone,
    TalentProfile Profile,
    string? About);

public sealed record SharedTalentPage(IReadOnlyList<SharedTalent> Items, Guid? Next);

public static class SharedTalentsEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("The shared talent base")]
    [EndpointDescription("The shared talent base: talents whose consent to share with the caller's kind of member is in force (given, not withdrawn, not older than the region's consent validity). Partners see those who consent to partners, municipalities those who consent to municipalities; an admin chooses with `scope`. Filters: competence area, country, language, preferred municipality; cursor paging by `after`.")]
    [WolverineGet("/api/v1/shared-talents", OperationId = "ListSharedTalents"), Tags("Talents")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    public static async Task<SharedTalentPage> Get(
        ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellation,
        string? competenceArea = null, string? country = null, string? language = null, string? preferredMunicipality = null,
        ConsentScope scope = ConsentScope.Partners, Guid? after = null, int limit = Paging.DefaultLimit)
    {
        var (consentScope, regionId) = user.PartnerId() is { } partnerId
            ? (ConsentScope.Partners, (await session.LoadAsync<Partner>(partnerId, cancellation))?.RegionId)
            : user.MunicipalityId() is { } municipalityId
                ? (ConsentScope.Municipalities, (await session.LoadAsync<Municipality>(municipalityId, cancellation))?.RegionId)
                : (scope, null);
        var validity = regionId is { } id ? (await session.LoadAsync<Region>(id, cancellation))?.ConsentValidityMonths : null;
        var since = TalentConsents.InForceSince(clock.GetUtcNow(), validity ?? Region.DefaultConsentValidityMonths);

        var query = consentScope == ConsentScope.Partners
            ? session.Query<Talent>().Where(t => t.Consents.SharedWithPartnersSince > since)
            : session.Query<Talent>().Where(t => t.Consents.SharedWithMunicipalitiesSince > since);
        if (!string.IsNullOrWhiteSpace(competenceArea)) query = query.Where(t => t.Profile.CompetenceAreas.Contains(competenceArea));
        if (!string.IsNullOrWhiteSpace(country)) query = query.Where(t => t.Profile.CountryOfResidence == country.ToUpperInvariant());
        if (!string.IsNullOrWhiteSpace(language)) query = query.Where(t => t.Profile.Languages.Contains(language.ToLowerInvariant()));
        if (!string.IsNullOrWhiteSpace(preferredMunicipality)) query = query.Where(t => t.Profile.PreferredMunicipalities.Contains(preferredMunicipality));
        if (after is { } cursor) query = query.Where(t => t.Id < cursor);

        var talents = await query.OrderByDescending(t => t.Id).Take(limit + 1).ToListAsync(cancellation);
        var page = talents.Take(limit)
            .Select(t => new SharedTalent(t.Id, t.Personal.FullName, t.Personal.Email, t.Personal.Phone, t.Profile, t.Personal.About))
            .ToList();
        return new SharedTalentPage(page, talents.Count > limit ? page[^1].Id : null);
    }
}
