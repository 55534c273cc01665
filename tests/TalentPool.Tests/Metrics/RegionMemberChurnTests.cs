using System.Net;
using Alba;
using TalentPool.Auth;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A region's member churn through the API, on a host whose clock stands at 2026-03-20: the history of
/// <see cref="MemberChurnTests"/>, recorded by an admin (P3's cancellation in force from 1 June recorded ahead).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionMemberChurnTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Today = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);
    private static string Url(Guid regionId, string query = "") => $"/api/v1/regions/{regionId}/metrics/member-churn{query}";

    private sealed record History(ClockedRegionApi Api, Guid RegionId, Guid Partner, Guid Municipality, Guid OtherPartner);

    private async Task<History> HistoryAsync()
    {
        var api = new ClockedRegionApi(await ClockedTalentPool.StartAsync(fixture, Today));
        var region = await api.RegionAsync("3403", "3405", "3407");
        var p1 = await api.PartnerAsync(region, Day(2025, 6, 1));
        var p2 = await api.PartnerAsync(region, Day(2026, 1, 15));
        var p3 = await api.PartnerAsync(region, Day(2025, 1, 1));
        var m1 = await api.MunicipalityAsync(region, "3403", Day(2025, 3, 1));
        var m2 = await api.MunicipalityAsync(region, "3405", Day(2026, 2, 1));
        var m3 = await api.MunicipalityAsync(region, "3407", Day(2025, 1, 1));
        await api.PostAsync($"/api/v1/partners/{p1}/cancellation", new CancelPartnerMembership(Day(2026, 2, 1), "Budget"), 200);
        await api.PostAsync($"/api/v1/partners/{p3}/cancellation", new CancelPartnerMembership(Day(2026, 6, 1), "Moving"), 200);
        await api.PostAsync($"/api/v1/municipalities/{m1}/leave", new LeaveMunicipalityMembership(Day(2026, 1, 20), "Budget"), 200);
        await api.PostAsync($"/api/v1/municipalities/{m3}/leave", new LeaveMunicipalityMembership(Day(2026, 3, 1), "Council"), 200);
        await api.PostAsync($"/api/v1/municipalities/{m3}/rejoin", new RejoinMunicipality(Day(2026, 3, 15)), 200);

        var elsewhere = await api.RegionAsync("3411");
        return new History(api, region, p2, m2, await api.PartnerAsync(elsewhere, Day(2025, 1, 1)));
    }

    [Fact]
    public async Task The_regions_own_members_and_admins_read_the_churn_worked_by_hand_and_nobody_else_does()
    {
        var history = await HistoryAsync();
        var (api, pool) = (history.Api, history.Api.Pool);
        await using var _ = pool;

        var asPartner = await api.GetAsync<RegionMemberChurnAnswer>(
            Url(history.RegionId, "?from=2026-01&to=2026-03&waitForWrites=true"), pool.TokenFor(Roles.Partner, history.Partner));

        asPartner.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        asPartner.Months.ShouldBe(MemberChurnTests.ExpectedMonths);
        asPartner.Period.ShouldBe(MemberChurnTests.ExpectedPeriod);

        // By default the twelve months up to March 2026; P3's ending, dated later, is May's (the month of its last day).
        var byDefault = await api.GetAsync<RegionMemberChurnAnswer>(Url(history.RegionId), pool.TokenFor(Roles.Municipality, history.Municipality));
        byDefault.Months.Select(m => m.Month).ShouldBe(Enumerable.Range(0, 12).Select(i => Day(2025, 4, 1).AddMonths(i).ToString("yyyy-MM")));
        var may = await api.GetAsync<RegionMemberChurnAnswer>(Url(history.RegionId, "?from=2026-05&to=2026-06"));
        may.Months.Select(m => m.Partners).ShouldBe([new MemberChurnFigures(2, 0, 1, 0.5m), new MemberChurnFigures(1, 0, 0, 0m)]);

        var text = await (await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Partner, history.Partner)).Get.Url(Url(history.RegionId))))
            .ReadAsTextAsync();
        text.ShouldNotContain(history.Partner.ToString());
        text.ShouldNotContain("name", Case.Insensitive);

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
    [InlineData("?from=2026-13", "from")]
    [InlineData("?from=2026-05&to=2026-04", "to")]
    [InlineData("?from=2020-01&to=2026-01", "to")]
    public async Task A_period_that_is_not_two_ordered_months_at_most_sixty_apart_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var region = await new Api(fixture).RegionAsync();

        var result = await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url(Url(region.Id, query));
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        (await result.ReadAsTextAsync()).ShouldContain($"\"{parameter}\"");
    }
}
