using System.Net;
using Alba;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A region's goals through the API, on a host whose clock stands at 2026-03-20 12:00 (consent validity 24 months: in
/// force if given after 2024-03-20 12:00). The region's talent-base goal is the default 10,000.
/// <code>
/// T1 shares with partners                       -> in the base
/// T2 shares with municipalities only            -> in the base
/// T3 shares with nobody                         -> not
/// T4 shares with partners, then erased          -> not
/// T5 shared on 2024-01-10                       -> expired
/// T6 shares with partners, then withdraws       -> not
/// hires (of talents sharing with nobody): 2026-01-15, 2026-02-10, 2026-03-05 (cancelled on 2026-03-10)
/// </code>
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionGoalsEndpointTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Today = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);
    private static string Url(Guid regionId, string query = "") => $"/api/v1/regions/{regionId}/metrics/goals{query}";

    private static Task<Guid> TalentAsync(ClockedRegionApi api, bool partners, bool municipalities) =>
        api.PostAsync("/api/v1/talents", TalentRequests.Registration() with { ShareWithPartners = partners, ShareWithMunicipalities = municipalities },
            token: "");

    private sealed record History(ClockedRegionApi Api, Guid RegionId, Guid PartnerId, Guid OtherPartner);

    private async Task<History> HistoryAsync()
    {
        var api = new ClockedRegionApi(await ClockedTalentPool.StartAsync(fixture, Today));
        var region = await api.RegionAsync("3403");
        var partner = await api.PartnerAsync(region, Day(2026, 1, 1));
        await TalentAsync(api, partners: true, municipalities: false);
        await TalentAsync(api, partners: false, municipalities: true);
        await TalentAsync(api, partners: false, municipalities: false);
        var erased = await TalentAsync(api, partners: true, municipalities: false);
        await api.PostAsync($"/api/v1/talents/{erased}/erasure", new { }, 204);
        var withdrawn = await TalentAsync(api, partners: true, municipalities: false);
        await api.Pool.Host.Scenario(s => s.As(api.Pool.TokenFor(Roles.Admin)).Delete.Url($"/api/v1/talents/{withdrawn}/consents/partners"));
        api.Pool.Clock.MoveTo(new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.Zero));
        await TalentAsync(api, partners: true, municipalities: false);
        api.Pool.Clock.MoveTo(Today);

        await api.HireAsync(await TalentAsync(api, false, false), partner, Day(2026, 1, 15));
        await api.HireAsync(await TalentAsync(api, false, false), partner, Day(2026, 2, 10));
        var cancelled = await api.HireAsync(await TalentAsync(api, false, false), partner, Day(2026, 3, 5));
        await api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(Day(2026, 3, 10), "Probation"), 200, api.Pool.TokenFor(Roles.Recruiter));

        var elsewhere = await api.RegionAsync("3411");
        return new History(api, region, partner, await api.PartnerAsync(elsewhere, Day(2026, 1, 1)));
    }

    [Fact]
    public async Task The_talent_base_and_hires_to_date_are_measured_against_the_goals_and_a_goal_set_by_an_admin_replaces_the_default()
    {
        var history = await HistoryAsync();
        var (api, pool) = (history.Api, history.Api.Pool);
        await using var _ = pool;

        var today = await api.GetAsync<RegionGoalsAnswer>(Url(history.RegionId, "?waitForWrites=true"), pool.TokenFor(Roles.Partner, history.PartnerId));

        today.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        today.AsOf.ShouldBe(Day(2026, 3, 20));
        // T1 and T2.
        today.TalentBase.ShouldBe(new TalentBaseProgress(new DateTimeOffset(2024, 3, 20, 12, 0, 0, TimeSpan.Zero), 2, 10_000, 0.0002m));
        // 3 recorded − 1 cancelled = 2; 9,998 over March 2026 … December 2030 (10 + 48 = 58 months): 172.38 → 173;
        // 2 over January … March 2026: 0.67 a month.
        today.Hires.ShouldBe(new LongRangeGoalProgress(
            10_000, new BillingMonth(2030, 12), HiresToDate: 2, RemainingHires: 9_998, RemainingMonths: 58, RequiredMonthlyRate: 173,
            FirstHireMonth: new BillingMonth(2026, 1), MonthsSoFar: 3, AverageMonthlyRateSoFar: 0.67m));

        // As of 28 February: January's and February's hires; 9,998 over 59 months: 169.46 → 170. The talents all
        // registered after that day (T5's consent had run out by then too).
        var february = await api.GetAsync<RegionGoalsAnswer>(Url(history.RegionId, "?asOf=2026-02-28"));
        (february.Hires.HiresToDate, february.Hires.RemainingMonths, february.Hires.RequiredMonthlyRate, february.Hires.AverageMonthlyRateSoFar)
            .ShouldBe((2, 59, (int?)170, (decimal?)1m));
        february.TalentBase.Talents.ShouldBe(0);

        // 500 hires by December 2026: 498 over March … December, 10 months: 49.8 → 50.
        var result = await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Admin)).Post.Json(new SetLongRangeGoal(500, "2026-12")).ToUrl($"/api/v1/regions/{history.RegionId}/long-range-goal");
            s.StatusCodeShouldBe(200);
        });
        (await result.ReadAsJsonAsync<RegionDetails>()).ShouldNotBeNull().LongRangeGoal.ShouldBe(new LongRangeHireGoal(500, new BillingMonth(2026, 12)));
        (await api.GetAsync<RegionDetails>($"/api/v1/regions/{history.RegionId}")).LongRangeGoal.Hires.ShouldBe(500);
        var set = await api.GetAsync<RegionGoalsAnswer>(Url(history.RegionId));
        (set.Hires.Goal, set.Hires.RemainingHires, set.Hires.RemainingMonths, set.Hires.RequiredMonthlyRate).ShouldBe((500, 498, 10, (int?)50));

        foreach (var (token, status) in new[]
        {
            (pool.TokenFor(Roles.Partner, history.OtherPartner), HttpStatusCode.Forbidden),
            (pool.TokenFor(Roles.Talent, Guid.NewGuid()), HttpStatusCode.Forbidden),
            ("", HttpStatusCode.Unauthorized),
        })
        {
            await pool.Host.Scenario(s =>
            {
                s.As(token).Get.Url(Url(history.RegionId));
                s.StatusCodeShouldBe(status);
            });
        }
    }

    [Theory]
    [InlineData("""{"hires":0,"by":"2030-12"}""", "hires")]
    [InlineData("""{"hires":10000,"by":"2030-13"}""", "by")]
    [InlineData("""{"hires":10000}""", "by")]
    [InlineData("""{"hires":10000,"by":"2030-12","from":"2026-01"}""", "from")]
    public async Task A_goal_without_a_positive_number_of_hires_and_a_month_is_a_400_and_nothing_is_recorded(string body, string field)
    {
        var api = new Api(fixture);
        var region = await api.RegionAsync();

        var result = await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Post.Text(body).ToUrl($"/api/v1/regions/{region.Id}/long-range-goal");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        (await result.ReadAsTextAsync()).ShouldContain(field, Case.Insensitive);
        var after = await api.GetAsync<RegionDetails>($"/api/v1/regions/{region.Id}");
        (after.Version, after.LongRangeGoal).ShouldBe((region.Version, LongRangeHireGoal.Default));
    }

    [Fact]
    public async Task A_day_that_is_not_a_date_is_a_400()
    {
        var region = await new Api(fixture).RegionAsync();

        await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url(Url(region.Id, "?asOf=2026-02-30"));
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
    }
}
