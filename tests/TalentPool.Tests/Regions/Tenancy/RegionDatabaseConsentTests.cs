using Alba;
using Marten;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Regions.Tenancy;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>
/// Consent to other regions across databases (Talents/OtherRegionsDatabases.cs): a region on a database of its own sees the
/// consenting talents of the regions on the shared database and is seen by them, exactly as if they shared one database —
/// and nothing without, after withdrawal, after expiry at home, or after erasure.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionDatabaseConsentTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static GiveOtherRegionsConsent To(params Guid[] regions) => new(EveryRegion: false, Regions: regions);

    [Fact]
    public async Task A_region_on_its_own_database_sees_and_is_seen_by_the_shared_databases_regions_by_consent_only_with_exact_facets_and_paging()
    {
        var (pool, home, homePartner) = await InstallationWithARegionOnItsOwnDatabaseAsync("consent");
        await using var _ = pool;
        var installation = new Installation(pool.Host, pool.Regions, pool.TokenFor, id => pool.RegionSession(id));
        var other = await installation.RegionAsync();
        var third = await installation.RegionAsync();
        var (athome, _) = await installation.TalentInAsync(RegionOf(home, homePartner, pool));
        var (notSharing, _) = await installation.TalentInAsync(RegionOf(home, homePartner, pool));
        var (elsewhere, _) = await installation.TalentInAsync(other);

        // No consent to other regions: each region sees its own talents only, in the page, the facets and the detail.
        (await installation.SearchAsync(other.Partner)).Items.Select(t => t.Id).ShouldBe([elsewhere]);
        (await installation.SearchAsync(homePartner)).Items.Select(t => t.Id).ShouldBe(Newest(athome, notSharing));
        (await installation.SearchAsync(homePartner)).Facets.CountedTalents.ShouldBe(2);
        (await installation.SearchAsync(homePartner, "&country=IN")).Facets.CountedTalents.ShouldBe(2);
        (await installation.DetailStatusAsync(other.Partner, athome)).ShouldBe(404);
        (await installation.DetailStatusAsync(homePartner, elsewhere)).ShouldBe(404);

        // Consents across the databases, each checked against the regions of every database (an unknown one is still a 404).
        await installation.ConsentAsync(athome, To(other.Id));
        await installation.ConsentAsync(elsewhere, To(home));
        await installation.ConsentAsync(elsewhere, To(Guid.NewGuid()), status: 404);

        var seenInOther = await installation.SearchAsync(other.Partner);
        seenInOther.Items.Select(t => (t.Id, t.HomeRegionId)).ShouldBe(Newest(athome, elsewhere).Select(id => (id, id == athome ? home : other.Id)));
        seenInOther.Facets.ShouldSatisfyAllConditions(
            f => f.Exact.ShouldBeTrue(), f => f.CountedTalents.ShouldBe(2), f => f.Countries.ShouldBe([new FacetCount("IN", 2)]),
            f => f.Languages.ShouldBe([new FacetCount("en", 2), new FacetCount("hi", 2)]));
        (await installation.SearchAsync(other.Partner, "&competenceArea=Process%20chemistry")).Facets.ShouldSatisfyAllConditions(
            f => f.Exact.ShouldBeTrue(), f => f.CountedTalents.ShouldBe(2), f => f.EducationLevels.ShouldBe([new EducationLevelCount(EducationLevel.Master, 2)]));
        (await installation.DetailStatusAsync(other.Partner, athome)).ShouldBe(200);
        (await installation.DetailStatusAsync(other.Partner, notSharing)).ShouldBe(404);
        (await installation.SearchAsync(third.Partner)).ShouldSatisfyAllConditions(p => p.Items.ShouldBeEmpty(), p => p.Facets.CountedTalents.ShouldBe(0));
        (await installation.DetailStatusAsync(third.Partner, athome)).ShouldBe(404);

        var seenAtHome = await installation.SearchAsync(homePartner);
        seenAtHome.Items.Select(t => t.Id).ShouldBe(Newest(athome, notSharing, elsewhere));
        seenAtHome.Items.Single(t => t.Id == elsewhere).HomeRegionId.ShouldBe(other.Id);
        seenAtHome.Facets.ShouldSatisfyAllConditions(f => f.CountedTalents.ShouldBe(3), f => f.Countries.ShouldBe([new FacetCount("IN", 3)]));
        (await installation.SearchAsync(homePartner, "&search=gigafactory")).Facets.CountedTalents.ShouldBe(3);
        (await installation.DetailStatusAsync(homePartner, elsewhere)).ShouldBe(200);

        // Keyset paging across the databases: one a page, newest first, each talent once.
        var paged = new List<Guid>();
        string? after = null;
        do
        {
            var page = await (await installation.SendAsync(HttpMethod.Get, $"/api/v1/shared-talents?limit=1{(after is null ? "" : $"&after={after}")}", homePartner))
                .ReadAsJsonAsync<SharedTalentPage>();
            paged.AddRange(page!.Items.Select(t => t.Id));
            after = page.Next?.ToString();
        } while (after is not null && paged.Count < 10);
        paged.ShouldBe(Newest(athome, notSharing, elsewhere));

        // An introduction by the other region's member: as on one database, 409 naming the talent's home region, nothing appended.
        var vacancy = await installation.PostAsync("/api/v1/vacancies",
            new PostVacancy(new VacancyDetails("Welder", "Welds", "Welding", other.Number, 1, new DateOnly(2026, 4, 1), ["en"]),
                EmployerKind.Partner, other.PartnerId), other.Partner);
        var refused = await installation.SendAsync(HttpMethod.Post, $"/api/v1/vacancies/{vacancy}/candidates", other.Partner, new IntroduceCandidate(athome), 409);
        (await refused.ReadAsTextAsync()).ShouldContain(home.ToString());

        // Withdrawn: gone from the other database's region by the next request, facets included.
        await installation.SendAsync(HttpMethod.Delete, $"/api/v1/talents/{elsewhere}/other-regions-consent", installation.TalentToken(elsewhere));
        (await installation.SearchAsync(homePartner)).ShouldSatisfyAllConditions(
            p => p.Items.Select(t => t.Id).ShouldBe(Newest(athome, notSharing)), p => p.Facets.CountedTalents.ShouldBe(2));
        (await installation.DetailStatusAsync(homePartner, elsewhere)).ShouldBe(404);

        // Expired at home (the home region's validity, read in the home region's database) though the reader keeps consents longer.
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/regions/{home}/consent-validity", pool.TokenFor(Roles.Admin, null, home), new ChangeConsentValidity(1));
        pool.Clock.MoveTo(Start.AddMonths(1).AddMinutes(1));
        (await installation.SearchAsync(other.Partner)).ShouldSatisfyAllConditions(
            p => p.Items.Select(t => t.Id).ShouldBe([elsewhere]), p => p.Facets.CountedTalents.ShouldBe(1));
        (await installation.SearchAsync(other.Partner, "&country=IN")).Facets.CountedTalents.ShouldBe(1);
        (await installation.DetailStatusAsync(other.Partner, athome)).ShouldBe(404);
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/vacancies/{vacancy}/candidates", other.Partner, new IntroduceCandidate(athome), 404);

        // Renewed at home, then erased: gone everywhere.
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{athome}/consents", installation.TalentToken(athome), new { scope = "Partners" });
        (await installation.SearchAsync(other.Partner)).Items.Select(t => t.Id).ShouldContain(athome);
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{athome}/erasure", installation.TalentToken(athome), status: 204);
        (await installation.SearchAsync(other.Partner)).ShouldSatisfyAllConditions(
            p => p.Items.Select(t => t.Id).ShouldBe([elsewhere]), p => p.Facets.CountedTalents.ShouldBe(1));
        (await installation.DetailStatusAsync(other.Partner, athome)).ShouldBe(404);
    }

    [Fact]
    public async Task Facets_of_a_filtered_search_beyond_the_counted_limit_count_the_newest_matches_of_every_database_together()
    {
        var (pool, home, homePartner) = await InstallationWithARegionOnItsOwnDatabaseAsync("facets");
        await using var _ = pool;
        var installation = new Installation(pool.Host, pool.Regions, pool.TokenFor, id => pool.RegionSession(id));
        var other = await installation.RegionAsync();
        var ownTalents = new List<Guid>();
        for (var i = 0; i < 3; i++) ownTalents.Add((await installation.TalentInAsync(RegionOf(home, homePartner, pool))).Id);
        var othersTalents = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (talent, _) = await installation.TalentInAsync(other);
            await installation.ConsentAsync(talent, To(home));
            othersTalents.Add(talent);
        }

        // Three matches here and three elsewhere, four counted: the newest four of the six, whichever database they are in.
        await using var session = pool.Store.QuerySession(RegionTenancy.TenantOf(home));
        var filter = new SharedTalentFilter(ConsentScope.Partners, Start.AddYears(-1), Country: "IN", OtherRegions: true, Now: pool.Clock.GetUtcNow());
        var (page, facets) = await SharedTalentSearch.RunAsync(session, filter, after: null, limit: 10, CancellationToken.None, exactFacetLimit: 4);
        page.Select(m => m.Talent.Id).ShouldBe(Newest([.. ownTalents, .. othersTalents]));
        facets.ShouldSatisfyAllConditions(
            f => f.Exact.ShouldBeFalse(), f => f.CountedTalents.ShouldBe(4), f => f.Countries.ShouldBe([new FacetCount("IN", 4)]));
        var (_, exact) = await SharedTalentSearch.RunAsync(session, filter, after: null, limit: 10, CancellationToken.None, exactFacetLimit: 6);
        exact.ShouldSatisfyAllConditions(f => f.Exact.ShouldBeTrue(), f => f.CountedTalents.ShouldBe(6), f => f.Countries.ShouldBe([new FacetCount("IN", 6)]));
    }

    /// <summary>
    /// A shared database with one region moved to a database of its own (in-process <see cref="RegionMove"/>), and the service
    /// started on both: the region's id and its partner's token.
    /// </summary>
    private async Task<(ClockedTalentPool Pool, Guid Home, string HomePartner)> InstallationWithARegionOnItsOwnDatabaseAsync(string name)
    {
        var shared = await fixture.Postgres.CreateDatabaseAsync($"regiondb_{name}_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync($"regiondb_{name}_own");
        RegionWithMembers moving;
        await using (var before = await ClockedTalentPool.StartAsync(fixture, Start, shared))
        {
            moving = await new Installation(before.Host, before.Regions, before.TokenFor, id => before.RegionSession(id)).RegionAsync();
        }
        await MoveAsync(shared, own, moving.Id);
        var pool = await ClockedTalentPool.StartAsync(fixture, Start, shared, new Dictionary<Guid, string> { [moving.Id] = own });
        return (pool, moving.Id, pool.TokenFor(Roles.Partner, moving.PartnerId, moving.Id));
    }

    /// <summary>The moved region as the installation helpers take it (only its id is read by talent registration).</summary>
    private static RegionWithMembers RegionOf(Guid region, string partner, ClockedTalentPool pool) =>
        new(region, Guid.Empty, partner, "", pool.TokenFor(Roles.Admin, null, region), "");

    internal static async Task MoveAsync(string shared, string own, Guid region)
    {
        await using var dataSource = NpgsqlDataSource.Create(shared);
        await using var store = DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.ConfigureTalentPoolStore(dataSource);
        });
        (await RegionMove.MoveAsync(store, dataSource, own, region, _ => { })).Outcome.ShouldBe("Moved");
    }

    /// <summary>Ids newest first as PostgreSQL orders uuids (their text's order).</summary>
    private static Guid[] Newest(params Guid[] ids) => [.. ids.OrderByDescending(id => id.ToString("N"), StringComparer.Ordinal)];
}
