using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>
/// The shared talent base through HTTP. Every test gives its talents a competence area of its own and always filters on
/// it, so the talents of other tests in the shared database never show up in its answers or its facet counts.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedTalentSearchTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private readonly string _area = $"Area {Guid.NewGuid():N}";

    private async Task<Guid> RegisterAsync(Func<RegisterTalent, RegisterTalent>? change = null)
    {
        var registration = TalentRequests.Registration() with
        {
            CompetenceAreas = [_area], ShareWithPartners = true, ShareWithMunicipalities = false, AccompanyingPartner = null,
            About = "Keen to move north.",
        };
        return await _api.PostAsync("/api/v1/talents", (change ?? (r => r))(registration), token: "");
    }

    private Task<SharedTalentPage> SearchAsync(string query = "", string? token = null) =>
        _api.GetAsync<SharedTalentPage>($"/api/v1/shared-talents?competenceArea={Uri.EscapeDataString(_area)}{query}", token);

    private async Task<List<Guid>> FoundAsync(string query = "", string? token = null) =>
        [.. (await SearchAsync(query, token)).Items.Select(t => t.Id)];

    [Fact]
    public async Task Each_filter_keeps_only_the_talents_that_match_it_and_filters_combine()
    {
        var norwegian = await RegisterAsync(r => r with
        {
            CountryOfResidence = "NO", Languages = ["nb"], PreferredMunicipalities = ["3403"], EducationLevel = EducationLevel.Bachelor,
            YearsOfExperience = 3,
        });
        var indian = await RegisterAsync(r => r with
        {
            CountryOfResidence = "IN", Languages = ["en", "hi"], PreferredMunicipalities = ["3405"], EducationLevel = EducationLevel.Master,
            YearsOfExperience = 10, AccompanyingPartner = new AccompanyingPartner("Carpenter"),
        });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        (await FoundAsync()).ShouldBe([indian, norwegian]);
        (await FoundAsync("&country=no")).ShouldBe([norwegian]);
        (await FoundAsync("&language=EN")).ShouldBe([indian]);
        (await FoundAsync("&preferredMunicipality=3403")).ShouldBe([norwegian]);
        (await FoundAsync("&educationLevel=master")).ShouldBe([indian]);
        (await FoundAsync("&minYearsOfExperience=4")).ShouldBe([indian]);
        (await FoundAsync("&minYearsOfExperience=3")).ShouldBe([indian, norwegian]);
        (await FoundAsync("&hasAccompanyingPartner=true")).ShouldBe([indian]);
        (await FoundAsync("&hasAccompanyingPartner=false")).ShouldBe([norwegian]);
        (await FoundAsync($"&registeredSince={today:yyyy-MM-dd}")).ShouldBe([indian, norwegian]);
        (await FoundAsync($"&registeredSince={today.AddDays(1):yyyy-MM-dd}")).ShouldBeEmpty();
        (await FoundAsync("&country=IN&educationLevel=Bachelor")).ShouldBeEmpty();
        (await FoundAsync("&competenceArea=Welding")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Facets_count_every_talent_the_filters_match_not_only_the_page()
    {
        await RegisterAsync(r => r with { CompetenceAreas = [_area, "Welding"], CountryOfResidence = "NO", Languages = ["nb", "en"] });
        await RegisterAsync(r => r with { CountryOfResidence = "IN", Languages = ["en"], PreferredMunicipalities = ["3405"] });
        await RegisterAsync(r => r with { CountryOfResidence = "IN", Languages = ["en"], EducationLevel = EducationLevel.Doctorate });

        var page = await SearchAsync("&limit=1");

        page.Items.Count.ShouldBe(1);
        page.Facets.Exact.ShouldBeTrue();
        page.Facets.CountedTalents.ShouldBe(3);
        page.Facets.CompetenceAreas.ShouldBe([new FacetCount(_area, 3), new FacetCount("Welding", 1)]);
        page.Facets.Countries.ShouldBe([new FacetCount("IN", 2), new FacetCount("NO", 1)]);
        page.Facets.Languages.ShouldBe([new FacetCount("en", 3), new FacetCount("nb", 1)]);
        page.Facets.PreferredMunicipalities.ShouldBe([new FacetCount("3405", 3), new FacetCount("3403", 2)]);
        page.Facets.EducationLevels.ShouldBe(
            [new EducationLevelCount(EducationLevel.Master, 2), new EducationLevelCount(EducationLevel.Doctorate, 1)]);

        var norwegians = (await SearchAsync("&country=NO")).Facets;
        norwegians.Countries.ShouldBe([new FacetCount("NO", 1)]);
        norwegians.CompetenceAreas.ShouldBe([new FacetCount(_area, 1), new FacetCount("Welding", 1)]);
    }

    [Fact]
    public async Task Free_text_searches_the_profile_words_with_stemming_phrases_and_exclusions()
    {
        var welder = await RegisterAsync(r => r with { About = "Certified welder, ten years in Bergen shipyards." });
        var nurse = await RegisterAsync(r => r with
        {
            About = "Intensive care nurse.", AccompanyingPartner = new AccompanyingPartner("Carpenter"),
        });
        var chemist = await RegisterAsync(r => r with { CompetenceAreas = [_area, "Battery chemistry"] });

        (await FoundAsync("&search=shipyard")).ShouldBe([welder]);
        (await FoundAsync("&search=nursing")).ShouldBe([nurse]);
        (await FoundAsync("&search=carpenters")).ShouldBe([nurse]);
        (await FoundAsync("&search=battery")).ShouldBe([chemist]);
        (await FoundAsync("&search=" + Uri.EscapeDataString("\"intensive care\""))).ShouldBe([nurse]);
        (await FoundAsync("&search=" + Uri.EscapeDataString("\"care intensive\""))).ShouldBeEmpty();
        (await FoundAsync("&search=" + Uri.EscapeDataString("nurse or welder"))).ShouldBe([nurse, welder]);
        (await FoundAsync("&search=" + Uri.EscapeDataString("nurse -intensive"))).ShouldBeEmpty();
        (await FoundAsync("&search=" + Uri.EscapeDataString("Priya"))).ShouldBeEmpty(); // names are shown, not searched
        (await FoundAsync("&search=the")).ShouldBeEmpty(); // only a stop word: nothing to match
        (await FoundAsync("&search=" + Uri.EscapeDataString("nurse's & (care:* | !"))).ShouldBe([nurse]); // no syntax errors, ever
    }

    [Fact]
    public async Task Paging_while_new_talents_register_never_repeats_or_skips_a_talent()
    {
        var before = new List<Guid>();
        for (var i = 0; i < 5; i++) before.Add(await RegisterAsync());

        var seen = new List<Guid>();
        var page = await SearchAsync("&limit=2");
        var registeredMeanwhile = new List<Guid>();
        while (true)
        {
            seen.AddRange(page.Items.Select(t => t.Id));
            if (page.Next is not { } next) break;
            // A registration races every next page.
            var registering = RegisterAsync();
            var reading = SearchAsync($"&limit=2&after={next}");
            await Task.WhenAll(registering, reading);
            registeredMeanwhile.Add(await registering);
            page = await reading;
        }

        seen.ShouldBe(Enumerable.Reverse(before).ToList()); // newest registration first, each once
        registeredMeanwhile.Count.ShouldBe(2);
        (await FoundAsync("&limit=200")).ShouldBe([.. Enumerable.Reverse(registeredMeanwhile), .. Enumerable.Reverse(before)]);
    }

    [Fact]
    public async Task An_admin_chooses_the_consent_scope_and_members_see_only_their_own()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number);
        var partner = fixture.TokenFor(Roles.Partner, await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1)));
        var municipalityId = await _api.MunicipalityAsync(region.Id, number, 10_000, new DateOnly(2026, 1, 1));
        var municipality = fixture.TokenFor(Roles.Municipality, municipalityId);
        var toPartners = await RegisterAsync(r => r with { ShareWithPartners = true, ShareWithMunicipalities = false });
        var toMunicipalities = await RegisterAsync(r => r with { ShareWithPartners = false, ShareWithMunicipalities = true });
        await RegisterAsync(r => r with { ShareWithPartners = false, ShareWithMunicipalities = false });

        (await FoundAsync()).ShouldBe([toPartners]);
        (await FoundAsync("&scope=partners")).ShouldBe([toPartners]);
        (await FoundAsync("&scope=municipalities")).ShouldBe([toMunicipalities]);
        (await FoundAsync("&scope=municipalities", partner)).ShouldBe([toPartners]);
        (await FoundAsync("&scope=partners", municipality)).ShouldBe([toMunicipalities]);
    }

    [Fact]
    public async Task A_profile_update_shows_in_the_shared_base_at_once()
    {
        var registration = TalentRequests.Registration() with { CompetenceAreas = [_area], ShareWithPartners = true };
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");

        var update = TalentRequests.ProfileUpdate(registration, version: 1) with { CountryOfResidence = "SE", About = "Now a glassblower." };
        var own = fixture.TokenFor(Roles.Talent, talent);
        await _api.Host.Scenario(s => s.As(own).Put.Json(update).ToUrl($"/api/v1/talents/{talent}/profile"));

        var shown = (await SearchAsync("&country=SE&search=glassblower")).Items.ShouldHaveSingleItem();
        shown.Id.ShouldBe(talent);
        shown.About.ShouldBe("Now a glassblower.");
        shown.FullName.ShouldBe(registration.FullName);
    }

    [Fact]
    public async Task A_talent_who_shares_with_nobody_is_not_held_and_a_later_consent_brings_in_the_current_profile()
    {
        var registration = TalentRequests.Registration() with
        {
            CompetenceAreas = [_area], ShareWithPartners = false, ShareWithMunicipalities = false,
        };
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");
        var own = fixture.TokenFor(Roles.Talent, talent);
        (await HeldAsync(talent)).ShouldBeNull();

        await _api.Host.Scenario(s => s.As(own).Put.Json(TalentRequests.ProfileUpdate(registration, 1) with { About = "Now a glassblower." })
            .ToUrl($"/api/v1/talents/{talent}/profile"));
        await _api.PostAsync($"/api/v1/talents/{talent}/consents", new GiveConsent(ConsentScope.Partners), own, 200);
        (await SearchAsync("&search=glassblower")).Items.ShouldHaveSingleItem().About.ShouldBe("Now a glassblower.");

        await _api.Host.Scenario(s => s.As(own).Delete.Url($"/api/v1/talents/{talent}/consents/partners"));
        (await HeldAsync(talent)).ShouldBeNull();
        await _api.PostAsync($"/api/v1/talents/{talent}/consents", new GiveConsent(ConsentScope.Municipalities), own, 200);
        (await FoundAsync("&scope=municipalities&search=glassblower")).ShouldBe([talent]);
        (await FoundAsync()).ShouldBeEmpty();
    }

    private async Task<SharedTalent?> HeldAsync(Guid talent)
    {
        await using var session = fixture.RegionSession();
        return await session.LoadAsync<SharedTalent>(talent);
    }

    [Fact]
    public async Task An_erased_talent_leaves_the_shared_base()
    {
        var talent = await RegisterAsync();
        (await FoundAsync()).ShouldBe([talent]);

        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Talent, talent)).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure");
            s.StatusCodeShouldBe(204);
        });

        (await FoundAsync()).ShouldBeEmpty();
        (await HeldAsync(talent)).ShouldBeNull();
    }

    [Fact]
    public async Task A_negative_minimum_of_experience_is_a_400_naming_it()
    {
        var result = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Get.Url("/api/v1/shared-talents?minYearsOfExperience=-1");
            s.StatusCodeShouldBe(400);
        });
        (await result.ReadAsTextAsync()).ShouldContain("minYearsOfExperience");
    }
}
