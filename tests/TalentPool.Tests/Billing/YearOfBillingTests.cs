using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Municipalities;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

/// <summary>
/// 2025 in Hamarregionen, through the API: four partners (founding, standard, small, one that leaves),
/// a regional council paying for its four municipalities, hires, a cancellation, a municipality leaving,
/// months closed as the year goes, and a hire recorded late for a closed month. Every monthly statement is
/// checked against totals worked out by hand.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class YearOfBillingTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int m, int d) => new(2025, m, d);

    [Fact]
    public async Task Every_statement_of_a_year_matches_the_totals_worked_out_by_hand()
    {
        // Innlandet: Hamarregionen (Hamar, Ringsaker, Løten, Stange) and Gjøvikregionen, whose municipality
        // never joins — so the regional rate can apply, never the county rate.
        var (hamar, ringsaker, loten, stange, gjovik) = (Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber());
        var county = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Innlandet", "NO", [hamar, ringsaker, loten, stange, gjovik]));
        var region = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Hamarregionen", county, "NO", "NOK", [hamar, ringsaker, loten, stange], null, null, null));
        await _api.PostAsync("/api/v1/regions", new RegisterRegion("Gjøvikregionen", county, "NO", "NOK", [gjovik], null, null, null));

        var mjosbruket = await _api.PartnerAsync(region, Day(1, 1), founding: true);
        var hedmarkEnergi = await _api.PartnerAsync(region, Day(1, 1), employees: 300);
        var lotenSag = await _api.PartnerAsync(region, Day(3, 16), employees: 20);
        var stangeMek = await _api.PartnerAsync(region, Day(1, 1), employees: 120);
        await _api.PostAsync($"/api/v1/partners/{stangeMek}/cancellation", new TalentPool.Partners.CancelPartnerMembership(Day(7, 1), "Moves to Oslo"), status: 200);

        const LicencePayer council = LicencePayer.RegionalCouncil;
        await _api.MunicipalityAsync(region, hamar, 32_000, Day(1, 1), council);
        await _api.MunicipalityAsync(region, ringsaker, 35_000, Day(1, 1), council);
        var lotenKommune = await _api.MunicipalityAsync(region, loten, 7_600, Day(1, 1), council);
        await _api.MunicipalityAsync(region, stange, 21_000, Day(4, 1), council);
        await _api.PostAsync($"/api/v1/municipalities/{lotenKommune}/leave", new LeaveMunicipalityMembership(Day(10, 1), "Budget"), status: 200);

        await _api.HireAsync(await _api.TalentAsync(), hedmarkEnergi, Day(2, 10));
        var cancelled = await _api.HireAsync(await _api.TalentAsync(), hedmarkEnergi, Day(5, 5));
        await _api.HireAsync(await _api.TalentAsync(), mjosbruket, Day(4, 1));
        await _api.HireAsync(await _api.TalentAsync(), lotenSag, Day(8, 15));
        await _api.HireAsync(await _api.TalentAsync(), stangeMek, Day(3, 3));
        await _api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new TalentPool.Hires.CancelHire(Day(6, 20), "Probation"), _api.Recruiter, 200);

        for (var month = 1; month <= 5; month++) await Close(region, month);
        // Recorded after April was closed: billed as a correction in June, the first open month.
        await _api.HireAsync(await _api.TalentAsync(), stangeMek, Day(4, 20));
        for (var month = 6; month <= 12; month++) await Close(region, month);

        // By hand. Founding: 20 000 a month, no per-hire fee. Standard: 2 500 + 20 000 a hire. Small: 1 000,
        // joined 16 March: 1 000 × 16/31 = 516.13. Stange Mek leaves 1 July. The council pays band licences
        // (Hamar 25 000, Ringsaker 25 000, Løten 10 000) until Stange joins on 1 April; then the regional rate,
        // 4 per inhabitant per year (10 666.67 + 11 666.67 + 2 533.33 + 7 000 = 31 866.67); after Løten leaves
        // on 1 October, band licences again (25 000 + 25 000 + Stange 20 000).
        var expected = new Dictionary<int, (decimal Founding, decimal Standard, decimal? Small, decimal? Leaving, decimal Council)>
        {
            [1] = (20_000m, 2_500m, null, 2_500m, 60_000m),
            [2] = (20_000m, 22_500m, null, 2_500m, 60_000m),
            [3] = (20_000m, 2_500m, 516.13m, 22_500m, 60_000m),
            [4] = (20_000m, 2_500m, 1_000m, 2_500m, 31_866.67m),
            [5] = (20_000m, 22_500m, 1_000m, 2_500m, 31_866.67m),
            [6] = (20_000m, -17_500m, 1_000m, 22_500m, 31_866.67m), // credit −20 000; correction +20 000 for April
            [7] = (20_000m, 2_500m, 1_000m, null, 31_866.67m),
            [8] = (20_000m, 2_500m, 21_000m, null, 31_866.67m),
            [9] = (20_000m, 2_500m, 1_000m, null, 31_866.67m),
            [10] = (20_000m, 2_500m, 1_000m, null, 70_000m),
            [11] = (20_000m, 2_500m, 1_000m, null, 70_000m),
            [12] = (20_000m, 2_500m, 1_000m, null, 70_000m),
        };

        foreach (var (month, totals) in expected)
        {
            var statements = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{region}/statements/2025-{month:D2}");
            decimal? Total(Guid payer) => statements.SingleOrDefault(s => s.PayerId == payer)?.Total.Amount;

            statements.ShouldAllBe(s => s.Closed && s.Currency == "NOK");
            Total(mjosbruket).ShouldBe(totals.Founding, $"founding partner, 2025-{month:D2}");
            Total(hedmarkEnergi).ShouldBe(totals.Standard, $"standard partner, 2025-{month:D2}");
            Total(lotenSag).ShouldBe(totals.Small, $"small partner, 2025-{month:D2}");
            Total(stangeMek).ShouldBe(totals.Leaving, $"leaving partner, 2025-{month:D2}");
            Total(region).ShouldBe(totals.Council, $"regional council, 2025-{month:D2}");
            statements.Count.ShouldBe(new[] { totals.Small, totals.Leaving }.Count(t => t is not null) + 3);
        }

        var april = await _api.GetAsync<Statement>($"/api/v1/partners/{stangeMek}/statements/2025-04");
        april.Lines.ShouldNotContain(l => l.Kind == LineKind.HireFee);
        var june = await _api.GetAsync<Statement>($"/api/v1/partners/{stangeMek}/statements/2025-06");
        june.Lines.Single(l => l.Corrects != null).Corrects.ShouldBe(new BillingMonth(2025, 4));
    }

    private Task Close(Guid region, int month) =>
        _api.PostAsync($"/api/v1/regions/{region}/billing-periods/2025-{month:D2}/close", new { }, status: 200);
}
