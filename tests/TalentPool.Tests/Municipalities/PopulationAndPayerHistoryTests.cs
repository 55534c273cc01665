using System.Text.Json;
using TalentPool.Audit;
using TalentPool.Billing;
using TalentPool.Municipalities;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Municipalities;

/// <summary>Population and payer are timelines: a back-dated fact is inserted where it belongs and never erases what came after it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PopulationAndPayerHistoryTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    /// <summary>A municipality of a two-municipality region, alone a member: billed by population band.</summary>
    private async Task<Guid> MunicipalityAsync(int population)
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number, Api.UniqueNumber());
        return await _api.MunicipalityAsync(region.Id, number, population, Day(2026, 1, 1));
    }

    [Fact]
    public async Task Back_dated_counts_take_their_place_and_every_later_count_and_the_join_count_stay_billed()
    {
        var municipality = await MunicipalityAsync(8_000); // ≤ 10 000 inhabitants: 10 000 a month
        await PostAsync(municipality, "population", new UpdatePopulation(12_000, 2026, Day(2027, 1, 1)));  // ≤ 20 000: 15 000
        await PostAsync(municipality, "population", new UpdatePopulation(22_000, 2026, Day(2026, 6, 16))); // ≤ 30 000: 20 000
        await PostAsync(municipality, "population", new UpdatePopulation(4_000, 2019, Day(2020, 1, 1)));   // before it joined

        (await TotalAsync(municipality, "2026-03")).ShouldBe(10_000.00m);
        (await TotalAsync(municipality, "2026-06")).ShouldBe(15_000.00m); // 10 000 × 15/30 + 20 000 × 15/30
        (await TotalAsync(municipality, "2026-08")).ShouldBe(20_000.00m);
        (await TotalAsync(municipality, "2027-02")).ShouldBe(15_000.00m);
    }

    [Fact]
    public async Task A_second_count_for_a_day_is_refused_naming_the_first_and_a_correction_replaces_it_with_its_reason_on_record()
    {
        var municipality = await MunicipalityAsync(8_000);
        await PostAsync(municipality, "population", new UpdatePopulation(22_000, 2026, Day(2026, 6, 1)));
        await PostAsync(municipality, "population", new UpdatePopulation(12_000, 2026, Day(2027, 1, 1)));

        var refused = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new UpdatePopulation(9_000, 2026, Day(2026, 6, 1))).ToUrl($"/api/v1/municipalities/{municipality}/population");
            s.StatusCodeShouldBe(409);
        });
        (await refused.ReadProblemAsync()).Detail!.ShouldContain("from 2026-06-01 is recorded already: 22000 inhabitants, counted in 2026");
        (await _api.GetAsync<MunicipalityDetails>($"/api/v1/municipalities/{municipality}")).Version.ShouldBe(3);

        await PostAsync(municipality, "population/corrections", new CorrectPopulation(9_000, 2026, Day(2026, 6, 1), "Typo: 22 000 for 9 000"));

        (await TotalAsync(municipality, "2026-08")).ShouldBe(10_000.00m);
        (await TotalAsync(municipality, "2027-02")).ShouldBe(15_000.00m);
        var history = await _api.GetAsync<List<AuditedEvent>>($"/api/v1/audit/streams/{municipality}");
        var correction = history.Where(e => e.Type == "municipality_population_corrected.v2").ShouldHaveSingleItem();
        ((JsonElement)correction.Data).GetProperty("reason").GetString().ShouldBe("Typo: 22 000 for 9 000");
        correction.CausedBy.ShouldNotBeNull();
    }

    [Fact]
    public async Task Back_dated_payer_changes_keep_the_later_change_to_the_regional_council()
    {
        var municipality = await MunicipalityAsync(8_000);
        await PostAsync(municipality, "payer", new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2027, 1, 1)));
        await PostAsync(municipality, "payer", new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2026, 4, 1)));
        await PostAsync(municipality, "payer", new ChangeLicencePayer(LicencePayer.Municipality, Day(2026, 10, 1)));

        (await PayerAsync(municipality, "2026-03")).ShouldBe(PayerKind.Municipality);
        (await PayerAsync(municipality, "2026-05")).ShouldBe(PayerKind.RegionalCouncil);
        (await PayerAsync(municipality, "2026-11")).ShouldBe(PayerKind.Municipality);
        (await PayerAsync(municipality, "2027-02")).ShouldBe(PayerKind.RegionalCouncil);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/payer", new ChangeLicencePayer(LicencePayer.Municipality, Day(2026, 4, 1)), status: 409);
        await PostAsync(municipality, "payer/corrections", new CorrectLicencePayer(LicencePayer.Municipality, Day(2026, 4, 1), "The council never agreed"));
        (await PayerAsync(municipality, "2026-05")).ShouldBe(PayerKind.Municipality);
    }

    private Task PostAsync(Guid municipality, string path, object body) =>
        _api.PostAsync($"/api/v1/municipalities/{municipality}/{path}", body, status: 200);

    private async Task<List<Statement>> StatementsAsync(Guid municipality, string month) =>
        await _api.GetAsync<List<Statement>>($"/api/v1/municipalities/{municipality}/statements/{month}");

    private async Task<decimal> TotalAsync(Guid municipality, string month) =>
        (await StatementsAsync(municipality, month)).ShouldHaveSingleItem().Total.Amount;

    private async Task<PayerKind> PayerAsync(Guid municipality, string month) =>
        (await StatementsAsync(municipality, month)).ShouldHaveSingleItem().PayerKind;
}
