using System.Net;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A region's target markets through the API, on a host whose clock the test moves (today 2026-03-20):
/// <code>
/// 2026-02-10  T1 registers from India (Battery engineering, Process chemistry), T2 from Sweden (Nursing)
/// 2026-03-05  T3 registers from India (Battery engineering), T4 from Norway (Nursing); T4 is then erased
/// hires     T2 on 2026-02-20, T1 on 2026-03-02, T3 on 2026-03-10 (cancelled on 2026-03-15)
/// </code>
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionTargetMarketsTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Today = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);
    private static string Url(Guid regionId, string query = "") => $"/api/v1/regions/{regionId}/metrics/target-markets{query}";

    [Fact]
    public async Task Registrations_of_the_installation_and_the_regions_hires_count_by_country_and_competence_area_erased_talents_as_facts()
    {
        var api = new ClockedRegionApi(await ClockedTalentPool.StartAsync(fixture, Today));
        var pool = api.Pool;
        await using var _ = pool;
        var region = await api.RegionAsync("3403");
        var partner = await api.PartnerAsync(region, Day(2026, 1, 1));
        pool.Clock.MoveTo(new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var t1 = await api.TalentAsync("IN", "Battery engineering", "Process chemistry");
        var t2 = await api.TalentAsync("SE", "Nursing");
        pool.Clock.MoveTo(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        var t3 = await api.TalentAsync("IN", "Battery engineering");
        var t4 = await api.TalentAsync("NO", "Nursing");
        await api.PostAsync($"/api/v1/talents/{t4}/erasure", new { }, 204);
        pool.Clock.MoveTo(Today);
        await api.HireAsync(t2, partner, Day(2026, 2, 20));
        await api.HireAsync(t1, partner, Day(2026, 3, 2));
        var cancelled = await api.HireAsync(t3, partner, Day(2026, 3, 10));
        await api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(Day(2026, 3, 15), "Probation"), 200, pool.TokenFor(Roles.Recruiter));

        var answer = await api.GetAsync<RegionTargetMarketsAnswer>(
            Url(region, "?from=2026-02&to=2026-03&waitForWrites=true"), pool.TokenFor(Roles.Partner, partner));

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        (answer.From, answer.To, answer.RegistrationsScope).ShouldBe(("2026-02", "2026-03", "region"));
        answer.Registrations.ShouldBe(TargetMarketsTests.Expected.Registrations, new TargetMarketCountsComparer());
        answer.Hires.ShouldBe(TargetMarketsTests.Expected.Hires, new TargetMarketCountsComparer());

        // By default the twelve months up to March 2026: the same counts, as nothing happened before February.
        var byDefault = await api.GetAsync<RegionTargetMarketsAnswer>(Url(region));
        (byDefault.From, byDefault.To).ShouldBe(("2025-04", "2026-03"));
        byDefault.Registrations.Total.ShouldBe(4);

        // The erased talent's registration stays a fact; nothing of any person is in the documents.
        await using var session = pool.RegionSession();
        var stored = string.Join('\n', await session.QueryAsync<string>(
            $"select data::text from {session.DocumentStore.Options.Schema.For<TargetMarketMonth>()}"));
        stored.ShouldNotContain("Priya");
        stored.ShouldNotContain("@example.com");
        foreach (var talent in new[] { t1, t2, t3, t4 }) stored.ShouldNotContain(talent.ToString());
    }

    [Fact]
    public async Task A_member_of_another_region_and_a_talent_are_refused_and_a_period_longer_than_sixty_months_is_a_400()
    {
        var own = new Api(fixture);
        var region = await own.RegionAsync();
        var elsewhere = await own.RegionAsync();
        var otherMunicipality = await own.MunicipalityAsync(elsewhere.Id, elsewhere.MunicipalityNumbers[0], 10_000, Day(2026, 1, 1));

        foreach (var (token, status) in new[]
        {
            (fixture.TokenFor(Roles.Municipality, otherMunicipality), HttpStatusCode.Forbidden),
            (fixture.TokenFor(Roles.Talent, Guid.NewGuid()), HttpStatusCode.Forbidden),
            ("", HttpStatusCode.Unauthorized),
        })
        {
            await fixture.Host.Scenario(s =>
            {
                s.As(token).Get.Url(Url(region.Id));
                s.StatusCodeShouldBe(status);
            });
        }
        await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url(Url(region.Id, "?from=2020-01&to=2026-01"));
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
    }
}
