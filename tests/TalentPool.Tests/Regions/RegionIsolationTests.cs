using System.Net;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Regions;

/// <summary>
/// Regions are tenants (Hosting/RegionTenancy.cs): a Norwegian region billed in NOK and a Swedish one billed in SEK, each
/// with a partner, a municipality, a talent and a hire. Each region's callers see their own region's members, talents,
/// price list and currency, metrics and statements, and nothing of the other's — kept apart by Marten's tenancy.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionIsolationTests(TalentPoolFixture fixture)
{
    private static readonly DateOnly January = new(2026, 1, 1), March = new(2026, 3, 2);
    private readonly Api _api = new(fixture);

    private sealed record RegionOfOne(Guid Id, Guid Partner, Guid Municipality, Guid Talent, Guid Hire, string Currency);

    private async Task<RegionOfOne> RegionOfOneAsync(string country, string currency)
    {
        var county = await _api.PostAsync("/api/v1/counties", new RegisterCounty($"County {Guid.NewGuid():N}", country, [Api.UniqueNumber(), Api.UniqueNumber()]));
        var numbers = (await _api.GetAsync<CountyDetails>($"/api/v1/counties/{county}")).Municipalities[0].Numbers;
        var prices = currency == "NOK" ? null : PriceList.Defaults(new DateOnly(2000, 1, 1)) with { Currency = currency };
        var region = await _api.PostAsync("/api/v1/regions", new RegisterRegion($"Region {Guid.NewGuid():N}", county, country, currency, [numbers[0]], null, null, prices));
        var partner = await _api.PartnerAsync(region, January);
        var municipality = await _api.MunicipalityAsync(region, numbers[0], 12_000, January);
        var talent = await _api.TalentAsync();
        var hire = await _api.HireAsync(talent, partner, March);
        return new RegionOfOne(region, partner, municipality, talent, hire, currency);
    }

    private string AdminOf(RegionOfOne region) => fixture.AdminToken(region.Id);

    [Fact]
    public async Task Each_region_sees_its_own_members_talents_price_list_currency_metrics_and_statements_and_nothing_of_the_others()
    {
        var norway = await RegionOfOneAsync("NO", "NOK");
        var sweden = await RegionOfOneAsync("SE", "SEK");

        foreach (var (own, other) in new[] { (norway, sweden), (sweden, norway) })
        {
            // Members: the region's partners are its own.
            var partners = await _api.GetAsync<List<PartnerDetails>>($"/api/v1/regions/{own.Id}/partners", AdminOf(own));
            partners.Select(p => p.Id).ShouldBe([own.Partner]);

            // Talents: the shared base of a region's partner holds its talents only.
            var shared = await _api.GetAsync<SharedTalentPage>("/api/v1/shared-talents?limit=200", fixture.TokenFor(Roles.Partner, own.Partner));
            shared.Items.Select(t => t.Id).ShouldContain(own.Talent);
            shared.Items.Select(t => t.Id).ShouldNotContain(other.Talent);
            shared.Facets.CountedTalents.ShouldBe(1, "the kept facet counts are the region's too");

            // Price list and currency: the region lists itself only, with its own prices.
            var listed = await _api.GetAsync<RegionPage>("/api/v1/regions?limit=200", fixture.TokenFor(Roles.Partner, own.Partner));
            listed.Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
                region => region.Id.ShouldBe(own.Id), region => region.Currency.ShouldBe(own.Currency));

            // Statements: the partner's own, in its region's currency; the region's statements name its payers only.
            var statement = await _api.GetAsync<Statement>($"/api/v1/partners/{own.Partner}/statements/2026-03", fixture.TokenFor(Roles.Partner, own.Partner));
            statement.Total.Currency.ShouldBe(own.Currency);
            var statements = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{own.Id}/statements/2026-03", AdminOf(own));
            statements.Select(s => s.PayerId).ShouldBe([own.Partner, own.Municipality], ignoreOrder: true);

            // Metrics: the region's one hire, not the other's.
            var hires = await _api.GetAsync<RegionHiresPerMonthAnswer>(
                $"/api/v1/regions/{own.Id}/metrics/hires-per-month?from=2026-03&to=2026-03&waitForWrites=true", AdminOf(own));
            hires.Months.Sum(m => m.Recorded).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_token_of_one_region_is_refused_with_403_naming_another_and_gets_404_for_its_resources()
    {
        var norway = await RegionOfOneAsync("NO", "NOK");
        var sweden = await RegionOfOneAsync("SE", "SEK");
        var swedishAdmin = AdminOf(sweden);

        // Naming the other region, in the route or the header: 403, before anything is read.
        await StatusAsync($"/api/v1/regions/{norway.Id}/metrics/monthly", fixture.TokenFor(Roles.Partner, sweden.Partner), HttpStatusCode.Forbidden);
        await StatusAsync($"/api/v1/regions/{norway.Id}", swedishAdmin, HttpStatusCode.Forbidden);
        await StatusAsync($"/api/v1/partners/{norway.Partner}", swedishAdmin, HttpStatusCode.Forbidden, header: norway.Id);

        // Its resources by id: not in the caller's region, so not found.
        await StatusAsync($"/api/v1/partners/{norway.Partner}", swedishAdmin, HttpStatusCode.NotFound);
        await StatusAsync($"/api/v1/municipalities/{norway.Municipality}", swedishAdmin, HttpStatusCode.NotFound);
        await StatusAsync($"/api/v1/talents/{norway.Talent}", swedishAdmin, HttpStatusCode.NotFound);
        await StatusAsync($"/api/v1/hires/{norway.Hire}", fixture.TokenFor(Roles.Recruiter, regionId: sweden.Id), HttpStatusCode.NotFound);
        await StatusAsync($"/api/v1/partners/{norway.Partner}/statements/2026-03", swedishAdmin, HttpStatusCode.NotFound);

        // The installation's administrator reaches both, naming the region.
        await StatusAsync($"/api/v1/partners/{norway.Partner}", fixture.AdminToken(), HttpStatusCode.OK, header: norway.Id);
        await StatusAsync($"/api/v1/partners/{sweden.Partner}", fixture.AdminToken(), HttpStatusCode.OK, header: sweden.Id);
        await StatusAsync($"/api/v1/partners/{sweden.Partner}", fixture.AdminToken(), HttpStatusCode.NotFound, header: norway.Id);
    }

    [Fact]
    public async Task A_region_scoped_request_that_names_no_region_is_a_400_and_a_registration_in_a_region_that_does_not_exist_a_404()
    {
        var region = await RegionOfOneAsync("NO", "NOK");

        // An empty header: the test hosts name the latest region otherwise (TestRegions).
        var unnamed = await StatusAsync($"/api/v1/partners/{region.Partner}", fixture.AdminToken(), HttpStatusCode.BadRequest);
        (await unnamed.ReadProblemAsync()).ShouldNotBeNull();
        await _api.Host.Scenario(s =>
        {
            s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents");
            s.WithRequestHeader(RegionTenancy.HeaderName, "");
            s.StatusCodeShouldBe(400);
        });
        await _api.Host.Scenario(s =>
        {
            s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents");
            s.WithRequestHeader(RegionTenancy.HeaderName, Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(404);
        });
    }

    [Fact]
    public async Task One_person_may_register_in_two_regions_and_each_region_keeps_its_own_talent()
    {
        var norway = await RegionOfOneAsync("NO", "NOK");
        var sweden = await RegionOfOneAsync("SE", "SEK");
        var email = TalentRequests.UniqueEmail("both");

        var inNorway = await RegisterInAsync(norway.Id, email, HttpStatusCode.Created);
        var inSweden = await RegisterInAsync(sweden.Id, email, HttpStatusCode.Created);
        await RegisterInAsync(sweden.Id, email, HttpStatusCode.Conflict);

        inNorway.ShouldNotBe(inSweden);
        await using var swedish = fixture.RegionSession(sweden.Id);
        (await swedish.LoadAsync<Talent>(inNorway)).ShouldBeNull("Marten keeps another region's documents out of a region's session");
        (await swedish.LoadAsync<Talent>(inSweden)).ShouldNotBeNull();
        (await swedish.Events.FetchStreamAsync(inNorway)).ShouldBeEmpty("and its events");
    }

    private async Task<Guid> RegisterInAsync(Guid region, string email, HttpStatusCode status)
    {
        var result = await _api.Host.Scenario(s =>
        {
            s.Post.Json(TalentRequests.Registration(email)).ToUrl("/api/v1/talents");
            s.WithRequestHeader(RegionTenancy.HeaderName, region.ToString());
            s.StatusCodeShouldBe(status);
        });
        return status == HttpStatusCode.Created ? (await result.ReadAsJsonAsync<TalentRegisteredResponse>())!.Id : Guid.Empty;
    }

    /// <summary>A GET naming the region in the header as given; none (an empty header) by default, so the test hosts add none.</summary>
    private Task<IScenarioResult> StatusAsync(string url, string token, HttpStatusCode status, Guid? header = null) => _api.Host.Scenario(s =>
    {
        s.As(token).Get.Url(url);
        s.WithRequestHeader(RegionTenancy.HeaderName, header?.ToString() ?? "");
        s.StatusCodeShouldBe(status);
    });
}
