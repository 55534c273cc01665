using System.Net;
using System.Text.Json;
using Alba;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A municipality's dashboard on a host whose clock the test moves. Today is 2026-03-20; the default price list
/// (a band licence of 5,000 NOK a month up to 5,000 inhabitants, 10,000 up to 10,000, 15,000 up to 20,000). The region
/// names 3403, 3405 and 3407; 3407 never joins, so no discount applies.
/// <code>
/// Hamar (3403)   joined 2026-01-15, 4,000 inhabitants; the regional council pays from 2026-02-01;
///                6,000 inhabitants from 2026-03-01; January 2026 is closed (its statements frozen).
/// Løten (3405)   joined 2025-06-01, 12,000 inhabitants, pays itself.
/// </code>
/// Talents (consent validity 24 months: in force if given after 2024-03-20 12:00):
/// <code>
/// T1  wants 3403, 3405  Battery engineering, Process chemistry  shares with municipalities  -> counts for Hamar
/// T2  wants 3403        Nursing                                 shares with municipalities  -> counts for Hamar
/// T3  wants 3403        Nursing                                 shares with partners only   -> not counted
/// T4  wants 3405        Nursing                                 shares with municipalities  -> Løten's, not Hamar's
/// T5  wants 3403        Nursing                                 shares with municipalities, then erased
/// T6  wants 3403        Process chemistry                       shared on 2024-01-10: expired
/// </code>
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MunicipalityDashboardTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Today = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);
    private static Money Nok(decimal amount) => new(amount, "NOK");

    private sealed record History(ClockedTalentPool Pool, Guid Hamar, Guid Loten);

    private static Task<Guid> TalentAsync(ClockedTalentPool pool, string[] wants, string[] areas, bool sharesWithMunicipalities) =>
        PostAsync(pool, "/api/v1/talents", TalentRequests.Registration() with
        {
            PreferredMunicipalities = wants, CompetenceAreas = areas, ShareWithMunicipalities = sharesWithMunicipalities,
        });

    private static async Task<Guid> PostAsync(ClockedTalentPool pool, string url, object body, int status = 201)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Admin)).Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    private async Task<History> HistoryAsync()
    {
        var pool = await ClockedTalentPool.StartAsync(fixture, Today);
        var county = await PostAsync(pool, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", ["3403", "3405", "3407"]));
        var region = await PostAsync(pool, "/api/v1/regions", new RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403", "3405", "3407"], null, null, null));
        var loten = await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(region, "3405", "Løten", 12_000, 2025, Day(2025, 6, 1), LicencePayer.Municipality));
        var hamar = await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(region, "3403", "Hamar", 4_000, 2025, Day(2026, 1, 15), LicencePayer.Municipality));
        await PostAsync(pool, $"/api/v1/regions/{region}/billing-periods/2026-01/close", new { }, 200);
        await PostAsync(pool, $"/api/v1/municipalities/{hamar}/payer", new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2026, 2, 1)), 200);
        await PostAsync(pool, $"/api/v1/municipalities/{hamar}/population", new UpdatePopulation(6_000, 2026, Day(2026, 3, 1)), 200);

        await TalentAsync(pool, ["3403", "3405"], ["Battery engineering", "Process chemistry"], true);
        await TalentAsync(pool, ["3403"], ["Nursing"], true);
        await TalentAsync(pool, ["3403"], ["Nursing"], false);
        await TalentAsync(pool, ["3405"], ["Nursing"], true);
        var erased = await TalentAsync(pool, ["3403"], ["Nursing"], true);
        await PostAsync(pool, $"/api/v1/talents/{erased}/erasure", new { }, 204);
        pool.Clock.MoveTo(new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.Zero));
        await TalentAsync(pool, ["3403"], ["Process chemistry"], true);
        pool.Clock.MoveTo(Today);
        return new History(pool, hamar, loten);
    }

    private static async Task<MunicipalityDashboardAnswer> DashboardAsync(ClockedTalentPool pool, Guid municipality, string token)
    {
        var result = await pool.Host.Scenario(s => s.As(token).Get.Url($"/api/v1/municipalities/{municipality}/dashboard"));
        return (await result.ReadAsJsonAsync<MunicipalityDashboardAnswer>()).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_municipalitys_licence_cost_this_year_is_its_licence_lines_from_January_through_this_month()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        var answer = await DashboardAsync(pool, history.Hamar, pool.TokenFor(Roles.Municipality, history.Hamar));

        answer.MunicipalityId.ShouldBe(history.Hamar);
        answer.Figures.AsOf.ShouldBe(Day(2026, 3, 20));
        // T1 and T2 only: T3 does not share with municipalities, T4 wants Løten, T5 is erased, T6's consent expired.
        answer.Figures.TalentsWantingToLiveHere.ConsentInForceSince.ShouldBe(new DateTimeOffset(2024, 3, 20, 12, 0, 0, TimeSpan.Zero));
        answer.Figures.TalentsWantingToLiveHere.Talents.ShouldBe(2);
        answer.Figures.TalentsWantingToLiveHere.ByCompetenceArea.ShouldBe([
            new CompetenceAreaCount("Battery engineering", 1), new CompetenceAreaCount("Nursing", 1), new CompetenceAreaCount("Process chemistry", 1)]);
        // January: 15-31, 17 of 31 days of 5,000 = 2,741.935… -> 2,741.94 (frozen when January closed).
        // February: the council pays, the line still names Hamar: 5,000. March: 6,000 inhabitants, the 10,000 band, in full.
        var cost = answer.Figures.LicenceCostThisYear;
        (cost.From, cost.To, cost.Total).ShouldBe((new BillingMonth(2026, 1), new BillingMonth(2026, 3), Nok(17_741.94m)));
        cost.Months.ShouldBe([
            new MonthlyLicenceCost(new BillingMonth(2026, 1), Nok(2_741.94m), Closed: true),
            new MonthlyLicenceCost(new BillingMonth(2026, 2), Nok(5_000m), Closed: false),
            new MonthlyLicenceCost(new BillingMonth(2026, 3), Nok(10_000m), Closed: false),
        ]);

        // Løten's own lines only: 3 months of the 15,000 band.
        var loten = await DashboardAsync(pool, history.Loten, pool.TokenFor(Roles.Admin));
        loten.Figures.LicenceCostThisYear.Total.ShouldBe(Nok(45_000m));
        // Løten: T1 and T4.
        loten.Figures.TalentsWantingToLiveHere.ByCompetenceArea.ShouldBe([
            new CompetenceAreaCount("Battery engineering", 1), new CompetenceAreaCount("Nursing", 1), new CompetenceAreaCount("Process chemistry", 1)]);
        loten.Figures.TalentsWantingToLiveHere.Talents.ShouldBe(2);
    }

    [Fact]
    public async Task Time_alone_starts_a_new_year_with_nothing_written()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        pool.Clock.MoveTo(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var figures = (await DashboardAsync(pool, history.Hamar, pool.TokenFor(Roles.Admin))).Figures;

        // T1 and T2 shared on 2026-03-20, still in force; T6 still expired.
        figures.TalentsWantingToLiveHere.Talents.ShouldBe(2);
        // January 2027 only, 6,000 inhabitants: the 10,000 band.
        figures.AsOf.ShouldBe(Day(2027, 1, 10));
        figures.LicenceCostThisYear.Total.ShouldBe(Nok(10_000m));
        figures.LicenceCostThisYear.Months.ShouldHaveSingleItem().Month.ShouldBe(new BillingMonth(2027, 1));
    }

    [Fact]
    public async Task As_of_a_past_day_the_licence_cost_runs_from_January_of_its_year_to_its_month_and_the_talents_are_todays()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        async Task<MunicipalityDashboardFigures> AsOfAsync(string day)
        {
            var result = await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Admin)).Get.Url($"/api/v1/municipalities/{history.Hamar}/dashboard?asOf={day}"));
            return (await result.ReadAsJsonAsync<MunicipalityDashboardAnswer>()).ShouldNotBeNull().Figures;
        }

        // 10 February: January (17 days, frozen) and February (the council pays) in full; the March population change is not there yet.
        var february = await AsOfAsync("2026-02-10");
        february.AsOf.ShouldBe(Day(2026, 2, 10));
        february.LicenceCostThisYear.Months.ShouldBe([
            new MonthlyLicenceCost(new BillingMonth(2026, 1), Nok(2_741.94m), Closed: true),
            new MonthlyLicenceCost(new BillingMonth(2026, 2), Nok(5_000m), Closed: false),
        ]);
        february.LicenceCostThisYear.Total.ShouldBe(Nok(7_741.94m));
        // The shared base as it is today, consents in force today: T1 and T2.
        february.TalentsWantingToLiveHere.Talents.ShouldBe(2);
        february.TalentsWantingToLiveHere.ConsentInForceSince.ShouldBe(new DateTimeOffset(2024, 3, 20, 12, 0, 0, TimeSpan.Zero));

        // 31 December 2025: Hamar had not joined; every month of 2025 costs it nothing.
        var lastYear = await AsOfAsync("2025-12-31");
        lastYear.LicenceCostThisYear.Months.Count.ShouldBe(12);
        (lastYear.LicenceCostThisYear.From, lastYear.LicenceCostThisYear.To, lastYear.LicenceCostThisYear.Total)
            .ShouldBe((new BillingMonth(2025, 1), new BillingMonth(2025, 12), Nok(0m)));
    }

    [Fact]
    public async Task As_csv_the_dashboard_is_one_figure_a_row_and_a_competence_area_with_a_comma_and_quotes_stays_one_field()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await TalentAsync(pool, ["3403"], ["Welding, \"TIG\""], true);

        var result = await pool.Host.Scenario(s => s.AcceptingCsv().As(pool.TokenFor(Roles.Municipality, history.Hamar))
            .Get.Url($"/api/v1/municipalities/{history.Hamar}/dashboard"));

        var lines = await result.ReadCsvLinesAsync();
        lines.Take(17).ShouldBe([
            "figure,breakdown,value,currency",
            "asOf,,2026-03-20,",
            "talentsWantingToLiveHere.consentInForceSince,,2024-03-20T12:00:00+00:00,",
            "talentsWantingToLiveHere.talents,,3,",
            "talentsWantingToLiveHere.byCompetenceArea.talents,competenceArea=Battery engineering,1,",
            "talentsWantingToLiveHere.byCompetenceArea.talents,competenceArea=Nursing,1,",
            "talentsWantingToLiveHere.byCompetenceArea.talents,competenceArea=Process chemistry,1,",
            "talentsWantingToLiveHere.byCompetenceArea.talents,\"competenceArea=Welding, \"\"TIG\"\"\",1,",
            "licenceCostThisYear.from,,2026-01,",
            "licenceCostThisYear.to,,2026-03,",
            "licenceCostThisYear.total,,17741.94,NOK",
            "licenceCostThisYear.months.amount,month=2026-01,2741.94,NOK",
            "licenceCostThisYear.months.closed,month=2026-01,true,",
            "licenceCostThisYear.months.amount,month=2026-02,5000.00,NOK",
            "licenceCostThisYear.months.closed,month=2026-02,false,",
            "licenceCostThisYear.months.amount,month=2026-03,10000.00,NOK",
            "licenceCostThisYear.months.closed,month=2026-03,false,",
        ]);
        // Then the hires located there (none in this history), as of the same day, a figure a row too.
        lines[17].ShouldBe("hiresLocatedHere.asOf,,2026-03-20,");
        lines.ShouldContain("hiresLocatedHere.thisYear.hires,,0,");
        lines.ShouldContain("hiresLocatedHere.newcomersStillInRegion.share,months=12,,");
        lines.Skip(17).ShouldAllBe(line => line.StartsWith("hiresLocatedHere."));
        result.Header("Content-Disposition").ShouldBe($"attachment; filename=\"municipality_{history.Hamar}_dashboard_2026-03-20.csv\"");
        // The hires located there come from an async read model: its freshness is in the headers.
        result.Context.Response.Headers.ContainsKey("X-Read-Model-Sequence").ShouldBeTrue();
    }

    [Fact]
    public async Task Another_municipalitys_dashboard_is_forbidden_and_an_unknown_municipality_is_a_404()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Municipality, history.Loten)).Get.Url($"/api/v1/municipalities/{history.Hamar}/dashboard");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Admin)).Get.Url($"/api/v1/municipalities/{Guid.NewGuid()}/dashboard");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }
}
