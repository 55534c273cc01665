using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using TalentPool.Audit;
using TalentPool.Billing;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions;

/// <summary>A region's price list is a timeline of versions: a back-dated version never replaces a later one; replacing one is a correction.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PriceListHistoryTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static PriceList Standard(DateOnly from, decimal monthly) => PriceList.Defaults(from) with { Standard = new PartnerPrice(monthly, 20_000m) };

    [Fact]
    public async Task A_version_back_dated_to_mid_July_is_billed_from_then_and_the_version_of_January_stays_in_force_from_January()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), employees: 200);
        await PublishAsync(region.Id, Standard(Day(2027, 1, 1), 3_000m));
        await PublishAsync(region.Id, Standard(Day(2026, 7, 16), 2_800m));

        (await TotalAsync(partner, "2026-03")).ShouldBe(2_500.00m);
        (await TotalAsync(partner, "2026-07")).ShouldBe(2_654.84m); // 2 500 × 15/31 = 1 209.68; 2 800 × 16/31 = 1 445.16
        (await TotalAsync(partner, "2026-08")).ShouldBe(2_800.00m);
        (await TotalAsync(partner, "2027-02")).ShouldBe(3_000.00m);
    }

    [Fact]
    public async Task Publishing_a_second_version_for_a_day_is_refused_and_a_correction_replaces_it_with_its_reason_on_record()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), employees: 200);
        await PublishAsync(region.Id, Standard(Day(2027, 1, 1), 3_000m));

        var refused = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(Standard(Day(2027, 1, 1), 3_200m)).ToUrl($"/api/v1/regions/{region.Id}/price-lists");
            s.StatusCodeShouldBe(409);
        });
        (await refused.ReadProblemAsync()).Detail!.ShouldContain($"correct it with a reason (POST /api/v1/regions/{region.Id}/price-lists/corrections)");
        (await _api.GetAsync<RegionDetails>($"/api/v1/regions/{region.Id}")).Version.ShouldBe(3);

        await _api.PostAsync($"/api/v1/regions/{region.Id}/price-lists/corrections",
            new CorrectPriceList(Standard(Day(2027, 1, 1), 3_100m), "The board agreed 3 100"), status: 200);

        (await TotalAsync(partner, "2027-02")).ShouldBe(3_100.00m);
        (await _api.GetAsync<RegionDetails>($"/api/v1/regions/{region.Id}")).PriceLists.Count.ShouldBe(2);
        var history = await _api.GetAsync<List<AuditedEvent>>($"/api/v1/audit/streams/{region.Id}");
        var correction = history.Where(e => e.Type == "price_list_corrected.v1").ShouldHaveSingleItem();
        ((JsonElement)correction.Data).GetProperty("reason").GetString().ShouldBe("The board agreed 3 100");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0001-01-01")]
    [InlineData("1900-01-01")]
    public async Task A_price_list_without_a_sensible_effective_from_is_a_400_and_is_not_stored(string? effectiveFrom)
    {
        var region = await _api.RegionAsync();
        var body = JsonSerializer.SerializeToNode(PriceList.Defaults(Day(2027, 1, 1)), Json.Options)!.AsObject();
        if (effectiveFrom is null) body.Remove("effectiveFrom");
        else body["effectiveFrom"] = effectiveFrom;

        var result = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Text(body.ToJsonString()).ContentType("application/json").ToUrl($"/api/v1/regions/{region.Id}/price-lists");
            s.StatusCodeShouldBe(400);
        });

        (await result.ReadAsTextAsync()).ShouldContain("effectiveFrom");
        (await _api.GetAsync<RegionDetails>($"/api/v1/regions/{region.Id}")).PriceLists.ShouldHaveSingleItem().EffectiveFrom.ShouldBe(Day(2000, 1, 1));
    }

    private Task PublishAsync(Guid region, PriceList version) =>
        _api.PostAsync($"/api/v1/regions/{region}/price-lists", version, status: 200);

    private async Task<decimal> TotalAsync(Guid partner, string month) =>
        (await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/{month}")).Total.Amount;
}
