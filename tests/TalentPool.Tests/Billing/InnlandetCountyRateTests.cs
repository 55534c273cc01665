using TalentPool.Billing;
using TalentPool.Municipalities;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

/// <summary>
/// Innlandet has 46 municipalities. Hamarregionen is four of them: while they are the only ones taking part,
/// they pay the regional rate; the county rate starts only on the day the 46th municipality joins.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InnlandetCountyRateTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    // Innlandet's municipality numbers (unchanged by the 2024 county reform).
    private static readonly string[] Innlandet =
    [
        "3401", "3403", "3405", "3407", "3411", "3412", "3413", "3414", "3415", "3416", "3417", "3418", "3419", "3420", "3421", "3422",
        "3423", "3424", "3425", "3426", "3427", "3428", "3429", "3430", "3431", "3432", "3433", "3434", "3435", "3436", "3437", "3438",
        "3439", "3440", "3441", "3442", "3443", "3446", "3447", "3448", "3449", "3450", "3451", "3452", "3453", "3454",
    ];

    // Hamarregionen, population on 1 January 2024 as counted by SSB: 98 025 inhabitants together.
    private static readonly (string Number, string Name, int Population)[] Hamarregionen =
    [
        ("3403", "Hamar", 32_879), ("3411", "Ringsaker", 35_612), ("3412", "Løten", 7_929), ("3413", "Stange", 21_605),
    ];

    private async Task<decimal> CouncilTotal(Guid region, int year, int month)
    {
        var statements = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{region}/statements/{year}-{month:D2}");
        return statements.Single(s => s.PayerKind == PayerKind.RegionalCouncil).Total.Amount;
    }

    private async Task<decimal> YearTotal(Guid region, int year)
    {
        var total = 0m;
        for (var month = 1; month <= 12; month++) total += await CouncilTotal(region, year, month);
        return total;
    }

    [Fact]
    public async Task Hamarregionen_alone_pays_the_regional_rate_and_the_county_rate_starts_when_all_46_take_part()
    {
        Innlandet.Length.ShouldBe(46);
        var county = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Innlandet", "NO", Innlandet));
        var hamarregionen = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Hamarregionen", county, "NO", "NOK",
            [.. Hamarregionen.Select(m => m.Number)], null, null, null));
        foreach (var (number, name, population) in Hamarregionen)
        {
            await _api.PostAsync("/api/v1/municipalities",
                new JoinMunicipality(hamarregionen, number, name, population, 2024, new DateOnly(2025, 1, 1), LicencePayer.RegionalCouncil));
        }

        // 2025: the county's one registered region takes part, 4 of 46 municipalities: the regional rate,
        // 4 NOK per inhabitant per year, each line rounded once a month:
        //   Hamar     32 879 × 4 / 12 = 10 959.666… → 10 959.67
        //   Ringsaker 35 612 × 4 / 12 = 11 870.666… → 11 870.67
        //   Løten      7 929 × 4 / 12 =  2 643.00
        //   Stange    21 605 × 4 / 12 =  7 201.666… →  7 201.67
        //   a month: 32 675.01; a year: 12 × 32 675.01 = 392 100.12 (98 025 × 4 = 392 100, plus 12 × 0.01 of rounding).
        var january = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{hamarregionen}/statements/2025-01");
        january.Single().Lines.Select(l => l.Amount.Amount).ShouldBe([10_959.67m, 11_870.67m, 2_643.00m, 7_201.67m], ignoreOrder: true);
        january.Single().Lines.ShouldAllBe(l => l.Description.Contains("regional rate"));
        (await YearTotal(hamarregionen, 2025)).ShouldBe(392_100.12m);

        // The rest of Innlandet registers and joins on 1 January 2026, all but Vang, which joins on 1 February.
        var rest = Innlandet.Except(Hamarregionen.Select(m => m.Number)).ToArray();
        var restOfInnlandet = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Resten av Innlandet", county, "NO", "NOK", rest, null, null, null));
        foreach (var number in rest)
        {
            var joinedOn = number == "3454" ? new DateOnly(2026, 2, 1) : new DateOnly(2026, 1, 1);
            await _api.PostAsync("/api/v1/municipalities",
                new JoinMunicipality(restOfInnlandet, number, $"Kommune {number}", 5_000, 2024, joinedOn, LicencePayer.Municipality));
        }

        // From the day all 46 take part, the county rate, 3 NOK per inhabitant per year:
        //   Hamar 8 219.75 + Ringsaker 8 903.00 + Løten 1 982.25 + Stange 5 401.25 = 24 506.25 a month
        //   (98 025 × 3 / 12); a year: 294 075.00.
        // January 2026, 45 of 46: still the regional rate, 32 675.01.
        (await CouncilTotal(hamarregionen, 2026, 1)).ShouldBe(32_675.01m);
        var february = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{hamarregionen}/statements/2026-02");
        february.Single().Lines.Select(l => l.Amount.Amount).ShouldBe([8_219.75m, 8_903.00m, 1_982.25m, 5_401.25m], ignoreOrder: true);
        february.Single().Lines.ShouldAllBe(l => l.Description.Contains("county rate"));
        // 2026: 32 675.01 + 11 × 24 506.25 = 302 243.76; 2027, the whole year at the county rate: 294 075.00.
        (await YearTotal(hamarregionen, 2026)).ShouldBe(302_243.76m);
        (await YearTotal(hamarregionen, 2027)).ShouldBe(294_075.00m);
    }
}
