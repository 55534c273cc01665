using System.Net;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A region's monthly metrics (hires against the target, by classification, cannibalisation rate, net talent inflow),
/// over a history built through the API, against values worked out by hand; read by admins and the region's members only.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionMonthlyMetricsTests(TalentPoolFixture fixture)
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static string Url(Guid regionId, string query = "") => $"/api/v1/regions/{regionId}/metrics/monthly{query}";

    /// <summary>
    /// March: an external hire (H1) and a local one (H2). April: the local talent moves to another member (H3, internal);
    /// H1 is cancelled. May: another external hire (H4); H3's employment ends with the talent leaving the region.
    /// June: H4's employment ends, the talent staying in the region (not a departure).
    /// </summary>
    private async Task<(Guid RegionId, Guid PartnerId)> RegionWithHistoryAsync()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number);
        var first = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var second = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var fromAbroad = await _api.TalentAsync(country: "IN");
        var alsoFromAbroad = await _api.TalentAsync(country: "SE");
        var local = await _api.TalentAsync(country: "NO", municipality: number);

        var h1 = await _api.HireAsync(fromAbroad, first, Day(2026, 3, 2));
        await _api.HireAsync(local, first, Day(2026, 3, 20));
        var h3 = await _api.HireAsync(local, second, Day(2026, 4, 1));
        await _api.PostAsync($"/api/v1/hires/{h1}/cancellation", new CancelHire(Day(2026, 4, 15), "Probation"), _api.Recruiter, status: 200);
        var h4 = await _api.HireAsync(alsoFromAbroad, second, Day(2026, 5, 10));
        await _api.PostAsync($"/api/v1/hires/{h3}/end", new EndEmployment(Day(2026, 5, 31), true, "Moved abroad"), _api.Recruiter, status: 200);
        await _api.PostAsync($"/api/v1/hires/{h4}/end", new EndEmployment(Day(2026, 6, 30), false, "New job"), _api.Recruiter, status: 200);
        // Under a full parallel suite the daemon may take longer than a reader's longest wait: catch up here, so the
        // values below are exact (waiting for one's writes is tested in RegionHiresPerMonthTests).
        await fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        return (region.Id, first);
    }

    // Worked by hand from the history above, with the default monthly target of 200. Hires count by hire date, as
    // recorded (H1's cancellation in April does not take it out of March's external hires).
    private static readonly RegionMonthFigures[] ExpectedMonths =
    [
        new("2026-02", Hires: 0, MonthlyTarget: 200, TargetReached: false, External: 0, Internal: 0, Local: 0, CannibalisationRate: null, PlacedTalentsWhoLeftRegion: 0, NetTalentInflow: 0),
        new("2026-03", Hires: 2, MonthlyTarget: 200, TargetReached: false, External: 1, Internal: 0, Local: 1, CannibalisationRate: 0m, PlacedTalentsWhoLeftRegion: 0, NetTalentInflow: 1),
        new("2026-04", Hires: 1, MonthlyTarget: 200, TargetReached: false, External: 0, Internal: 1, Local: 0, CannibalisationRate: 1m, PlacedTalentsWhoLeftRegion: 0, NetTalentInflow: 0),
        new("2026-05", Hires: 1, MonthlyTarget: 200, TargetReached: false, External: 1, Internal: 0, Local: 0, CannibalisationRate: 0m, PlacedTalentsWhoLeftRegion: 1, NetTalentInflow: 0),
        new("2026-06", Hires: 0, MonthlyTarget: 200, TargetReached: false, External: 0, Internal: 0, Local: 0, CannibalisationRate: null, PlacedTalentsWhoLeftRegion: 0, NetTalentInflow: 0),
    ];

    // 4 hires of which 1 internal: 0.25; 2 external − 1 who left: a net inflow of 1; a target of 5 × 200.
    private static readonly RegionPeriodFigures ExpectedPeriod = new(
        "2026-02", "2026-06", Hires: 4, Target: 1000, External: 2, Internal: 1, Local: 1, CannibalisationRate: 0.25m, PlacedTalentsWhoLeftRegion: 1, NetTalentInflow: 1);

    [Fact]
    public async Task Every_month_of_the_period_shows_hires_against_the_target_by_classification_cannibalisation_and_net_inflow()
    {
        var (regionId, _) = await RegionWithHistoryAsync();

        var answer = await _api.GetAsync<RegionMonthlyMetricsAnswer>(Url(regionId, "?from=2026-02&to=2026-06&waitForWrites=true"));

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.MonthlyHireTarget.ShouldBe(200);
        answer.Months.ShouldBe(ExpectedMonths);
        answer.Period.ShouldBe(ExpectedPeriod);
    }

    [Fact]
    public async Task Without_a_period_the_twelve_months_up_to_the_current_one_are_shown_and_with_from_only_twelve_from_it()
    {
        var (regionId, _) = await RegionWithHistoryAsync();

        var byDefault = await _api.GetAsync<RegionMonthlyMetricsAnswer>(Url(regionId, "?waitForWrites=true"));
        var fromMarch = await _api.GetAsync<RegionMonthlyMetricsAnswer>(Url(regionId, "?from=2026-03"));

        var current = TalentPool.Common.BillingMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow));
        byDefault.Months.Count.ShouldBe(12);
        byDefault.Period.To.ShouldBe(current.ToString());
        fromMarch.Months.Select(m => m.Month).ShouldBe(Enumerable.Range(0, 12).Select(i => Day(2026, 3, 1).AddMonths(i).ToString("yyyy-MM")));
        fromMarch.Months[0].ShouldBe(ExpectedMonths[1]);
    }

    [Fact]
    public async Task As_csv_every_month_asked_is_one_row_of_the_same_figures_with_the_freshness_in_headers()
    {
        var (regionId, _) = await RegionWithHistoryAsync();

        var result = await fixture.Host.Scenario(s => s.AcceptingCsv().As(fixture.AdminToken()).Get.Url(Url(regionId, "?from=2026-02&to=2026-06&waitForWrites=true")));

        (await result.ReadCsvLinesAsync()).ShouldBe([
            "month,hires,monthlyTarget,targetReached,external,internal,local,cannibalisationRate,placedTalentsWhoLeftRegion,netTalentInflow",
            "2026-02,0,200,false,0,0,0,,0,0",
            "2026-03,2,200,false,1,0,1,0,0,1",
            "2026-04,1,200,false,0,1,0,1,0,0",
            "2026-05,1,200,false,1,0,0,0,1,0",
            "2026-06,0,200,false,0,0,0,,0,0",
        ]);
        result.Header("Content-Disposition").ShouldBe($"attachment; filename=\"region_{regionId}_monthly-metrics_2026-02_2026-06.csv\"");
        result.Header("Vary").ShouldBe("Accept");
        result.Header("X-Read-Model-Wait").ShouldBe("Reached");
        result.Header("X-Read-Model-Is-Current").ShouldBe("true");
        long.Parse(result.Header("X-Read-Model-Sequence")).ShouldBeGreaterThanOrEqualTo(long.Parse(result.Header("X-Read-Model-Latest-Sequence")));
        DateTimeOffset.Parse(result.Header("X-Read-Model-Sequence-Recorded-At")).ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task The_default_period_is_the_twelve_months_up_to_the_current_one_by_the_services_clock()
    {
        await using var pool = await ClockedTalentPool.StartAsync(fixture, new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));
        var admin = pool.TokenFor(Roles.Admin);
        async Task<Guid> PostAsync(string url, object body)
        {
            var created = await pool.Host.Scenario(s =>
            {
                s.As(admin).Post.Json(body).ToUrl(url);
                s.StatusCodeShouldBe(HttpStatusCode.Created);
            });
            return (await created.ReadAsJsonAsync<TalentPool.Hosting.CreatedResponse>())!.Id;
        }
        var county = await PostAsync("/api/v1/counties", new TalentPool.Regions.RegisterCounty("Innlandet", "NO", ["3403", "3405"]));
        var region = await PostAsync("/api/v1/regions", new TalentPool.Regions.RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403"], null, null, null));

        async Task<string[]> MonthsAsync()
        {
            var result = await pool.Host.Scenario(s => s.AcceptingCsv().As(admin).Get.Url(Url(region)));
            return [.. (await result.ReadCsvLinesAsync()).Skip(1).Select(line => line.Split(',')[0])];
        }

        (await MonthsAsync()).ShouldBe(Enumerable.Range(0, 12).Select(i => Day(2025, 7, 1).AddMonths(i).ToString("yyyy-MM")));
        pool.Clock.MoveTo(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero));
        (await MonthsAsync()).ShouldBe(Enumerable.Range(0, 12).Select(i => Day(2026, 2, 1).AddMonths(i).ToString("yyyy-MM")));
    }

    [Theory]
    [InlineData("?from=2026-13", "from")]
    [InlineData("?to=26-01", "to")]
    [InlineData("?from=2026-05&to=2026-04", "to")]
    [InlineData("?from=2020-01&to=2026-01", "to")]
    public async Task A_period_that_is_not_two_ordered_months_at_most_sixty_apart_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var region = await _api.RegionAsync();

        var result = await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url(Url(region.Id, query));
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        (await result.ReadAsTextAsync()).ShouldContain($"\"{parameter}\"");
    }

    [Fact]
    public async Task A_member_of_the_region_reads_the_counts_without_any_member_named_and_a_member_of_another_region_is_refused()
    {
        var (regionId, partnerId) = await RegionWithHistoryAsync();
        var elsewhere = await _api.RegionAsync();
        var otherPartner = await _api.PartnerAsync(elsewhere.Id, Day(2026, 1, 1));
        var otherMunicipality = await _api.MunicipalityAsync(elsewhere.Id, elsewhere.MunicipalityNumbers[0], 10_000, Day(2026, 1, 1));

        var own = await fixture.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Partner, partnerId)).Get.Url(Url(regionId, "?from=2026-02&to=2026-06&waitForWrites=true"));
            s.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        var text = await own.ReadAsTextAsync();
        text.ShouldNotContain(partnerId.ToString());
        text.ShouldNotContain("name", Case.Insensitive);

        foreach (var token in new[] { fixture.TokenFor(Roles.Partner, otherPartner), fixture.TokenFor(Roles.Municipality, otherMunicipality) })
        {
            await fixture.Host.Scenario(s =>
            {
                s.As(token).Get.Url(Url(regionId));
                s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
            });
        }
    }

    [Fact]
    public async Task Rebuilding_the_projection_yields_the_same_months_and_departures_as_built_live()
    {
        var (regionId, _) = await RegionWithHistoryAsync();
        await fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        var live = await MonthsAsync(regionId);
        live.Single(m => m.Month == "2026-05").LeftRegion.ShouldBe(1);

        var daemon = fixture.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync<RegionHiresPerMonthProjection>(CatchUp, CancellationToken.None);
        await fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        (await MonthsAsync(regionId)).ShouldBe(live);
    }

    private async Task<IReadOnlyList<RegionHiresPerMonth>> MonthsAsync(Guid regionId)
    {
        await using var session = fixture.RegionSession();
        return await session.Query<RegionHiresPerMonth>().Where(x => x.RegionId == regionId).OrderBy(x => x.Month).ToListAsync();
    }
}
