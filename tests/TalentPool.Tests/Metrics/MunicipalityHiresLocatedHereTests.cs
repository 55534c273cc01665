using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The hires located in a municipality, on its dashboard, built through the API on a host whose clock the test moves.
/// Today is 2026-11-25; Hamar (3403) and Løten (3405) are members of Hamar-regionen; one partner records every hire.
/// <code>
/// hire  talent                 hired       starts      workplace         afterwards
/// h1    T1 external, "+1"      2025-05-02  2025-06-01  3403 (given)      the "+1" found work on 2025-09-01
/// h2    T2 external, no "+1"   2025-11-03  2025-11-03  3403 (vacancy)    left the region on 2026-05-03 (its 6-month mark)
/// h3    T3 local (Løten)       2026-11-02  2026-11-16  3403 (given)      -
/// h4    T4 external, "+1"      2026-08-25  2026-08-25  3403 (given)      cancelled on 2026-09-01
/// h5    T5 external, "+1"      2026-08-25  2026-08-25  3405 (given)      -
/// h6    T6 external            2026-08-25  2026-08-25  none              -
/// h7    T7 external, "+1"      2026-02-02  2026-02-16  3403 (given)      ended inside the region on 2026-06-01
/// </code>
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MunicipalityHiresLocatedHereTests(TalentPoolFixture fixture)
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Today = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private sealed record History(ClockedTalentPool Pool, Guid Hamar, Guid Loten, Guid PlacedTalent);

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
        var region = await PostAsync(pool, "/api/v1/regions",
            new RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403", "3405", "3407"], null, null, null));
        var hamar = await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(region, "3403", "Hamar", 32_000, 2025, Day(2025, 1, 1), LicencePayer.Municipality));
        var loten = await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(region, "3405", "Løten", 7_800, 2025, Day(2025, 1, 1), LicencePayer.Municipality));
        var partner = await PostAsync(pool, "/api/v1/partners",
            new JoinPartner(region, "Mjøsbyggen AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)));
        var vacancy = await PostAsync(pool, "/api/v1/vacancies", new PostVacancy(
            new VacancyDetails("Site engineer", "Builds things", "Engineering", "3403", 2, Day(2027, 6, 1), ["en"]), EmployerKind.Partner, partner));

        Task<Guid> TalentAsync(bool plusOne, bool local = false) => PostAsync(pool, "/api/v1/talents", TalentRequests.Registration() with
        {
            AccompanyingPartner = plusOne ? new AccompanyingPartner("Kindergarten teacher") : null,
            CountryOfResidence = local ? "NO" : "IN",
            MunicipalityOfResidence = local ? "3405" : null,
        });

        async Task<Guid> HireAsync(Guid talent, DateOnly hiredOn, DateOnly startsOn, string? workplace, Guid? vacancyId = null) =>
            await PostAsync(pool, "/api/v1/hires", new RecordHire(talent, partner, startsOn, vacancyId, hiredOn, workplace));

        var t1 = await TalentAsync(plusOne: true);
        var h1 = await HireAsync(t1, Day(2025, 5, 2), Day(2025, 6, 1), "3403");
        await PostAsync(pool, $"/api/v1/hires/{h1}/accompanying-partner-employment",
            new RecordAccompanyingPartnerEmployment(Day(2025, 9, 1), "Kindergarten teacher"), 200);
        var h2 = await HireAsync(await TalentAsync(plusOne: false), Day(2025, 11, 3), Day(2025, 11, 3), null, vacancy);
        await PostAsync(pool, $"/api/v1/hires/{h2}/end", new EndEmployment(Day(2026, 5, 3), true, "Moved to Oslo"), 200);
        await HireAsync(await TalentAsync(plusOne: false, local: true), Day(2026, 11, 2), Day(2026, 11, 16), "3403");
        var h4 = await HireAsync(await TalentAsync(plusOne: true), Day(2026, 8, 25), Day(2026, 8, 25), "3403");
        await PostAsync(pool, $"/api/v1/hires/{h4}/cancellation", new CancelHire(Day(2026, 9, 1), "Probation"), 200);
        await HireAsync(await TalentAsync(plusOne: true), Day(2026, 8, 25), Day(2026, 8, 25), "3405");
        await HireAsync(await TalentAsync(plusOne: false), Day(2026, 8, 25), Day(2026, 8, 25), null);
        var h7 = await HireAsync(await TalentAsync(plusOne: true), Day(2026, 2, 2), Day(2026, 2, 16), "3403");
        await PostAsync(pool, $"/api/v1/hires/{h7}/end", new EndEmployment(Day(2026, 6, 1), false, "Another job in the region"), 200);
        return new History(pool, hamar, loten, t1);
    }

    private static async Task<MunicipalityDashboardAnswer> DashboardAsync(ClockedTalentPool pool, Guid municipality, string token, string query = "")
    {
        var result = await pool.Host.Scenario(s => s.As(token).Get.Url($"/api/v1/municipalities/{municipality}/dashboard{query}"));
        return (await result.ReadAsJsonAsync<MunicipalityDashboardAnswer>()).ShouldNotBeNull();
    }

    private static HiresAgainstLastYear Period(DateOnly from, DateOnly to, int hires, int lastYear) => new(from, to, hires, lastYear);

    private static void ShouldBeHamarsHandWorkedFigures(MunicipalityHireFigures figures)
    {
        var (month, year, today) = (Day(2026, 11, 1), Day(2026, 1, 1), Day(2026, 11, 25));
        figures.AsOf.ShouldBe(today);
        // Hamar's hires, h4 cancelled: this month h3, 1-25 November 2025 h2; this year h3 h7, 1 January-25 November 2025 h1 h2.
        figures.ThisMonth.ShouldBe(Period(month, today, 1, 1));
        figures.ThisYear.ShouldBe(Period(year, today, 2, 2));
        figures.ByClassification.ShouldBe([
            new ClassifiedHiresAgainstLastYear(HireClassification.External, Period(month, today, 0, 1), Period(year, today, 1, 2)),
            new ClassifiedHiresAgainstLastYear(HireClassification.Internal, Period(month, today, 0, 0), Period(year, today, 0, 0)),
            new ClassifiedHiresAgainstLastYear(HireClassification.Local, Period(month, today, 1, 0), Period(year, today, 1, 0)),
        ]);
        // Newcomers h1 h2 h7. 3 months: all three, h2 left after its mark (2026-02-03), h7 ended inside the region.
        // 6 months: all three, h2 left on its mark day. 12 months: h1 and h2 (h7 started 2026-02-16).
        figures.NewcomersStillInRegion.ShouldBe([
            new NewcomersStillInRegion(3, 3, 3, 1m), new NewcomersStillInRegion(6, 3, 2, 0.6667m), new NewcomersStillInRegion(12, 2, 1, 0.5m)]);
        // With a "+1": h1 (found work) and h7; h2 and h3 had none; h4 was cancelled.
        figures.AccompanyingPartnerEmployment.ShouldBe(new AccompanyingPartnerEmployment(2, 1, 0.5m, 0));
    }

    [Fact]
    public async Task A_municipality_sees_the_hires_located_there_once_its_writes_are_reflected()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        var answer = await DashboardAsync(pool, history.Hamar, pool.TokenFor(Roles.Municipality, history.Hamar), "?waitForWrites=true");

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.Freshness.IsCurrent.ShouldBeTrue();
        ShouldBeHamarsHandWorkedFigures(answer.HiresLocatedHere);
    }

    [Fact]
    public async Task Hires_in_another_municipality_of_the_region_count_there_only_and_a_hire_with_no_workplace_nowhere()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        var loten = (await DashboardAsync(pool, history.Loten, pool.TokenFor(Roles.Admin), "?waitForWrites=true")).HiresLocatedHere;

        // h5 only: started exactly 3 months ago, still in the region; its "+1" has not found work.
        loten.ThisYear.ShouldBe(Period(Day(2026, 1, 1), Day(2026, 11, 25), 1, 0));
        loten.NewcomersStillInRegion[0].ShouldBe(new NewcomersStillInRegion(3, 1, 1, 1m));
        loten.AccompanyingPartnerEmployment.ShouldBe(new AccompanyingPartnerEmployment(1, 0, 0m, 0));
        await using var session = pool.RegionSession();
        // Hamar's and Løten's documents; h6 (no workplace) made none.
        (await session.Query<MunicipalityHireCounts>().CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task Time_alone_moves_the_periods_and_the_newcomers_counted_with_nothing_written()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        pool.Clock.MoveTo(new DateTimeOffset(2027, 2, 16, 12, 0, 0, TimeSpan.Zero));
        var figures = (await DashboardAsync(pool, history.Hamar, pool.TokenFor(Roles.Admin))).HiresLocatedHere;

        figures.AsOf.ShouldBe(Day(2027, 2, 16));
        // 2027 so far: none; 1-16 February 2026 and 1 January-16 February 2026: h7 (hired on 2 February).
        figures.ThisMonth.ShouldBe(Period(Day(2027, 2, 1), Day(2027, 2, 16), 0, 1));
        figures.ThisYear.ShouldBe(Period(Day(2027, 1, 1), Day(2027, 2, 16), 0, 1));
        // 12 months: h7 started exactly 12 months ago and counts now, still in the region.
        figures.NewcomersStillInRegion[2].ShouldBe(new NewcomersStillInRegion(12, 3, 2, 0.6667m));
    }

    [Fact]
    public async Task Erasing_a_placed_talent_leaves_the_figures_unchanged_and_the_documents_hold_no_personal_data()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await PostAsync(pool, $"/api/v1/talents/{history.PlacedTalent}/erasure", new { }, 204);

        var answer = await DashboardAsync(pool, history.Hamar, pool.TokenFor(Roles.Admin), "?waitForWrites=true");

        ShouldBeHamarsHandWorkedFigures(answer.HiresLocatedHere);
        await using var session = pool.RegionSession();
        var stored = string.Join('\n', (await session.Query<MunicipalityHireCounts>().ToListAsync())
            .Select(document => session.DocumentStore.Options.Serializer().ToJson(document)));
        stored.ShouldNotContain(history.PlacedTalent.ToString());
        stored.ShouldNotContain("Priya");
        stored.ShouldNotContain("Kindergarten");
        stored.ShouldNotContain("Oslo");
    }
}
