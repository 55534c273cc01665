using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Privacy;

[Collection(PostgresCollection.Name)]
public sealed class ConsentTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    private async Task<List<Guid>> SharedWith(string token, string area)
    {
        var page = await _api.GetAsync<SharedTalentPage>($"/api/v1/shared-talents?competenceArea={Uri.EscapeDataString(area)}", token);
        return page.Items.Select(t => t.Id).ToList();
    }

    private async Task<(string Partner, string Municipality)> MembersAsync()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number);
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var municipality = await _api.MunicipalityAsync(region.Id, number, 10_000, new DateOnly(2026, 1, 1));
        return (fixture.TokenFor(Roles.Partner, partner), fixture.TokenFor(Roles.Municipality, municipality));
    }

    private async Task<Guid> RegisterAsync(string area, bool partners, bool municipalities) =>
        await _api.PostAsync("/api/v1/talents", TalentRequests.Registration() with
        {
            CompetenceAreas = [area], ShareWithPartners = partners, ShareWithMunicipalities = municipalities,
        }, token: "");

    [Fact]
    public void A_consent_is_in_force_from_when_it_was_given_until_the_validity_runs_out()
    {
        var given = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);
        var consents = TalentConsents.None.With([ConsentScope.Partners], given);

        consents.InForce(ConsentScope.Partners, given.AddMonths(24).AddTicks(-1), 24).ShouldBeTrue();
        consents.InForce(ConsentScope.Partners, given.AddMonths(24), 24).ShouldBeFalse();
        consents.InForce(ConsentScope.Municipalities, given, 24).ShouldBeFalse();
    }

    [Fact]
    public async Task Partners_see_talents_consenting_to_partners_and_municipalities_those_consenting_to_municipalities()
    {
        var (partner, municipality) = await MembersAsync();
        var area = $"Area {Guid.NewGuid():N}";
        var both = await RegisterAsync(area, true, true);
        var partnersOnly = await RegisterAsync(area, true, false);
        var municipalitiesOnly = await RegisterAsync(area, false, true);
        await RegisterAsync(area, false, false);

        (await SharedWith(partner, area)).ShouldBe([partnersOnly, both], ignoreOrder: true);
        (await SharedWith(municipality, area)).ShouldBe([municipalitiesOnly, both], ignoreOrder: true);
    }

    [Fact]
    public async Task Withdrawing_consent_hides_the_talent_from_partners_and_municipalities_at_once()
    {
        var (partner, municipality) = await MembersAsync();
        var area = $"Area {Guid.NewGuid():N}";
        var talent = await RegisterAsync(area, true, true);
        var own = fixture.TokenFor(Roles.Talent, talent);

        await _api.Host.Scenario(s => s.As(own).Delete.Url($"/api/v1/talents/{talent}/consents/partners"));
        (await SharedWith(partner, area)).ShouldBeEmpty();
        (await SharedWith(municipality, area)).ShouldBe([talent]);

        await _api.Host.Scenario(s => s.As(own).Delete.Url($"/api/v1/talents/{talent}/consents/municipalities"));
        (await SharedWith(municipality, area)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_consent_older_than_the_regions_validity_hides_the_talent_until_it_is_renewed()
    {
        var (partner, municipality) = await MembersAsync();
        var area = $"Area {Guid.NewGuid():N}";
        var talent = await RegisterAsync(area, true, true);
        // Both consents were given 25 months ago, as the stored events would say.
        await using (var session = fixture.RegionWriteSession())
        {
            var stream = await session.Events.FetchForWriting<Talent>(talent);
            var longAgo = DateTimeOffset.UtcNow.AddMonths(-25);
            stream.AppendMany(new TalentConsentGiven(talent, ConsentScope.Partners, longAgo), new TalentConsentGiven(talent, ConsentScope.Municipalities, longAgo));
            await session.SaveChangesAsync();
        }

        (await SharedWith(partner, area)).ShouldBeEmpty();
        (await SharedWith(municipality, area)).ShouldBeEmpty();

        await _api.PostAsync($"/api/v1/talents/{talent}/consents", new GiveConsent(ConsentScope.Partners), fixture.TokenFor(Roles.Talent, talent), 200);
        (await SharedWith(partner, area)).ShouldBe([talent]);
    }

    [Fact]
    public async Task Talents_recruiters_and_anonymous_callers_do_not_browse_the_shared_base()
    {
        foreach (var token in new[] { fixture.TokenFor(Roles.Talent, Guid.NewGuid()), _api.Recruiter })
        {
            await _api.Host.Scenario(s => { s.As(token).Get.Url("/api/v1/shared-talents"); s.StatusCodeShouldBe(403); });
        }
        await _api.Host.Scenario(s => { s.Get.Url("/api/v1/shared-talents"); s.StatusCodeShouldBe(401); });
    }
}
