using System.Net;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Webhooks;

namespace TalentPool.Tests.SavedSearches;

/// <summary>A member saves searches of the shared base, lists, reads and deletes them; another member sees none of them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SavedSearchEndpointsTests(TalentPoolFixture fixture)
{
    private readonly WebhookApi _members = new(fixture);

    private static readonly SaveSearch Nurses = new(
        " Nurses in Hamar ", CompetenceArea: " Nursing ", Language: "NB", Country: "no", PreferredMunicipality: "3403",
        EducationLevel: EducationLevel.Bachelor, MinYearsOfExperience: 2, HasAccompanyingPartner: false, RegisteredSince: new DateOnly(2026, 1, 1),
        Search: "intensive care");

    private async Task<int> SavedSearchesOfAsync(Guid region, Guid member)
    {
        await using var session = fixture.RegionSession(region);
        return await session.Query<SavedSearch>().CountAsync(s => s.MemberId == member);
    }

    [Fact]
    public async Task A_saved_search_is_created_at_a_Location_that_resolves_listed_read_and_deleted_and_another_member_sees_none_of_it()
    {
        var (region, _, token) = await _members.PartnerAsync();
        var (_, _, otherToken) = await _members.PartnerAsync(region);

        var created = await _members.Api.Host.Scenario(s =>
        {
            s.As(token).Post.Json(Nurses).ToUrl("/api/v1/saved-searches");
            s.StatusCodeShouldBe(201);
        });
        var id = (await created.ReadAsJsonAsync<TalentPool.Hosting.CreatedResponse>()).ShouldNotBeNull().Id;
        created.Context.Response.Headers.Location.ToString().ShouldBe($"/api/v1/saved-searches/{id}");

        var details = await _members.Api.GetAsync<SavedSearchDetails>($"/api/v1/saved-searches/{id}", token);
        details.Name.ShouldBe("Nurses in Hamar");
        details.Filters.ShouldBe(new SavedSearchFilters("Nursing", "nb", "NO", "3403", EducationLevel.Bachelor, 2, false, new DateOnly(2026, 1, 1), "intensive care"));
        details.SearchUrl.ShouldBe("/api/v1/shared-talents?competenceArea=Nursing&language=nb&country=NO&preferredMunicipality=3403&educationLevel=Bachelor"
            + "&minYearsOfExperience=2&hasAccompanyingPartner=false&registeredSince=2026-01-01&search=intensive%20care");
        (await _members.Api.GetAsync<SavedSearchPage>("/api/v1/saved-searches", token)).Items.Select(s => s.Id).ShouldBe([id]);

        (await _members.Api.GetAsync<SavedSearchPage>("/api/v1/saved-searches", otherToken)).Items.ShouldBeEmpty();
        (await _members.SendAsync(HttpMethod.Get, $"/api/v1/saved-searches/{id}", otherToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _members.SendAsync(HttpMethod.Delete, $"/api/v1/saved-searches/{id}", otherToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await _members.SendAsync(HttpMethod.Delete, $"/api/v1/saved-searches/{id}", token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _members.SendAsync(HttpMethod.Get, $"/api/v1/saved-searches/{id}", token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _members.Api.GetAsync<SavedSearchPage>("/api/v1/saved-searches", token)).Items.ShouldBeEmpty();
        (await _members.SendAsync(HttpMethod.Delete, $"/api/v1/saved-searches/{id}", token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_saves_a_search_for_a_named_member_which_the_member_then_reads_as_its_own()
    {
        var (region, partner, token) = await _members.PartnerAsync();
        var admin = fixture.AdminToken(region);

        var id = await _members.Api.PostAsync("/api/v1/saved-searches",
            new SaveSearch("Welders", CompetenceArea: "Welding", MemberKind: TalentPool.Vacancies.EmployerKind.Partner, MemberId: partner), admin);

        (await _members.Api.GetAsync<SavedSearchDetails>($"/api/v1/saved-searches/{id}", token)).Name.ShouldBe("Welders");
        (await _members.Api.GetAsync<SavedSearchPage>($"/api/v1/saved-searches?memberId={partner}", admin)).Items.Select(s => s.Id).ShouldBe([id]);
        (await _members.Api.GetAsync<SavedSearchPage>($"/api/v1/saved-searches?memberId={Guid.NewGuid()}", admin)).Items.ShouldBeEmpty();
        (await SavedSearchesOfAsync(region, partner)).ShouldBe(1);
    }

    [Fact]
    public async Task A_municipality_saves_searches_too()
    {
        var region = await _members.Api.RegionAsync();
        var municipality = await _members.Api.MunicipalityAsync(region.Id, region.MunicipalityNumbers[0], 10_000, WebhookApi.Joined);
        var token = fixture.TokenFor(Roles.Municipality, municipality);

        var id = await _members.Api.PostAsync("/api/v1/saved-searches", new SaveSearch("Everyone"), token);

        (await _members.Api.GetAsync<SavedSearchDetails>($"/api/v1/saved-searches/{id}", token)).SearchUrl.ShouldBe("/api/v1/shared-talents");
    }

    [Fact]
    public async Task A_member_has_at_most_25_saved_searches_the_26th_is_refused_with_409_and_nothing_is_saved()
    {
        var (region, partner, token) = await _members.PartnerAsync();
        for (var i = 0; i < SavedSearchDecisions.MaxPerMember; i++)
            await _members.Api.PostAsync("/api/v1/saved-searches", new SaveSearch($"Search {i}", CompetenceArea: $"Area {i}"), token);

        var refused = await _members.SendAsync(HttpMethod.Post, "/api/v1/saved-searches", token, new SaveSearch("One too many"));

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await SavedSearchesOfAsync(region, partner)).ShouldBe(SavedSearchDecisions.MaxPerMember);
        var page = await _members.Api.GetAsync<SavedSearchPage>("/api/v1/saved-searches?limit=10", token);
        page.Items.Count.ShouldBe(10);
        (await _members.Api.GetAsync<SavedSearchPage>($"/api/v1/saved-searches?limit=200&after={page.Next}", token)).Items.Count.ShouldBe(15);
    }

    [Fact]
    public async Task An_invalid_search_is_refused_with_400_naming_the_field_and_nothing_is_saved()
    {
        var (region, partner, token) = await _members.PartnerAsync();

        var negative = await _members.SendAsync(HttpMethod.Post, "/api/v1/saved-searches", token, new SaveSearch("Seniors", MinYearsOfExperience: -1));
        var nameless = await _members.SendAsync(HttpMethod.Post, "/api/v1/saved-searches", token, new SaveSearch(" "));

        negative.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await negative.Content.ReadAsStringAsync()).ShouldContain("minYearsOfExperience");
        nameless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await nameless.Content.ReadAsStringAsync()).ShouldContain("name");
        (await SavedSearchesOfAsync(region, partner)).ShouldBe(0);
    }
}
