using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A partner's dashboard, built through the API on a host whose clock the test moves, read after the daemon caught up.
/// The history (today is 2026-11-25; partner A and partner B, Standard tier, a hire fee of 20,000 NOK):
/// <code>
/// A's hires       hired       starts      vacancy posted  days  afterwards
/// h7 (T7)         2025-02-03  2025-02-03  -                     B hires T7 on 2026-07-01 (A loses an employee)
/// h2 (T2)         2025-03-05  2025-04-01  -                     left the region on 2025-09-15
/// h1 (T1)         2025-11-28  2025-12-01  2025-10-01      58
/// h3 (T3)         2026-03-03  2026-04-01  2026-02-01      30
/// h6 (T6)         2026-05-04  2026-05-04  -                     internal: B employed T6 since 2025-06-01
/// h4 (T4)         2026-11-02  2026-11-16  2026-02-01     274
/// h5 (T5)         2026-11-20  2026-12-01  -                     cancelled on 2026-11-24 (fee credited)
/// </code>
/// A's vacancies: the first (2025-10-01) closed as filled, the second (2026-02-01) and a third (today) open. The
/// second's pipeline: T1 at Interview, T2 introduced, T3 rejected; T4 had reached Offer on the first before it closed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PartnerDashboardTests(TalentPoolFixture fixture)
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Today = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private sealed record History(ClockedTalentPool Pool, Guid PartnerA, Guid PartnerB, Guid Erasable);

    private static async Task<Guid> PostAsync(ClockedTalentPool pool, string url, object body, string token, int status = 201)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    private async Task<History> HistoryAsync()
    {
        var pool = await ClockedTalentPool.StartAsync(fixture, Today);
        var admin = pool.TokenFor(Roles.Admin);
        var county = await PostAsync(pool, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", ["3403", "3405"]), admin);
        var region = await PostAsync(pool, "/api/v1/regions", new RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403"], null, null, null), admin);
        var recruiter = pool.TokenFor(Roles.Recruiter);
        var a = await PostAsync(pool, "/api/v1/partners", new JoinPartner(region, "Mjøsbyggen AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)), admin);
        var b = await PostAsync(pool, "/api/v1/partners", new JoinPartner(region, "Hedmark Bygg AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)), admin);
        var talents = new Dictionary<int, Guid>();
        foreach (var n in new[] { 1, 2, 3, 4, 5, 6, 7 }) talents[n] = await PostAsync(pool, "/api/v1/talents", TalentRequests.Registration(), "");

        async Task<Guid> VacancyPostedOnAsync(DateOnly day)
        {
            pool.Clock.MoveTo(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
            var details = new VacancyDetails("Site engineer", "Builds things", "Engineering", "3403", 2, day.AddMonths(11), ["en"]);
            var vacancy = await PostAsync(pool, "/api/v1/vacancies", new PostVacancy(details, EmployerKind.Partner, a), admin);
            pool.Clock.MoveTo(Today);
            return vacancy;
        }

        Task<Guid> HireAsync(int talent, Guid partner, DateOnly hiredOn, DateOnly startsOn, Guid? vacancy = null) =>
            PostAsync(pool, "/api/v1/hires", new RecordHire(talents[talent], partner, startsOn, vacancy, hiredOn), recruiter);

        var first = await VacancyPostedOnAsync(Day(2025, 10, 1));
        var second = await VacancyPostedOnAsync(Day(2026, 2, 1));
        await HireAsync(7, a, Day(2025, 2, 3), Day(2025, 2, 3));
        var h2 = await HireAsync(2, a, Day(2025, 3, 5), Day(2025, 4, 1));
        await PostAsync(pool, $"/api/v1/hires/{h2}/end", new EndEmployment(Day(2025, 9, 15), true, "Moved to Oslo"), recruiter, 200);
        await HireAsync(6, b, Day(2025, 6, 1), Day(2025, 6, 1));
        await HireAsync(1, a, Day(2025, 11, 28), Day(2025, 12, 1), first);
        await HireAsync(3, a, Day(2026, 3, 3), Day(2026, 4, 1), second);
        await HireAsync(6, a, Day(2026, 5, 4), Day(2026, 5, 4));
        await HireAsync(7, b, Day(2026, 7, 1), Day(2026, 7, 1));
        await HireAsync(4, a, Day(2026, 11, 2), Day(2026, 11, 16), second);
        var h5 = await HireAsync(5, a, Day(2026, 11, 20), Day(2026, 12, 1));
        await PostAsync(pool, $"/api/v1/hires/{h5}/cancellation", new CancelHire(Day(2026, 11, 24), "Probation"), recruiter, 200);

        async Task<Guid> IntroduceAsync(Guid vacancy, int talent, CandidateStage? movedTo = null)
        {
            var candidacy = await PostAsync(pool, $"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talents[talent]), recruiter);
            if (movedTo is { } stage) await PostAsync(pool, $"/api/v1/candidates/{candidacy}/stage", new MoveCandidate(stage), recruiter, 200);
            return candidacy;
        }

        await VacancyPostedOnAsync(Day(2026, 11, 25));
        await IntroduceAsync(first, 4, CandidateStage.Offer);
        await PostAsync(pool, $"/api/v1/vacancies/{first}/close", new CloseVacancy(VacancyClosure.Filled), admin, 200);
        await IntroduceAsync(second, 1, CandidateStage.Interview);
        await IntroduceAsync(second, 2);
        var rejected = await IntroduceAsync(second, 3, CandidateStage.Screening);
        await PostAsync(pool, $"/api/v1/candidates/{rejected}/rejection", new RejectCandidate("Another profile"), recruiter, 200);
        return new History(pool, a, b, talents[1]);
    }

    private static async Task<PartnerDashboardAnswer> DashboardAsync(ClockedTalentPool pool, Guid partner, string token, string query = "")
    {
        var result = await pool.Host.Scenario(s => s.As(token).Get.Url($"/api/v1/partners/{partner}/dashboard{query}"));
        return (await result.ReadAsJsonAsync<PartnerDashboardAnswer>()).ShouldNotBeNull();
    }

    private static void ShouldBeTheHandWorkedFigures(PartnerDashboardFigures figures)
    {
        figures.AsOf.ShouldBe(Day(2026, 11, 25));
        figures.OpenVacancies.ShouldBe(2);
        figures.CandidatesPerStage.ShouldBe([
            new CandidatesAtStage(CandidateStage.Introduced, 1), new CandidatesAtStage(CandidateStage.Screening, 0),
            new CandidatesAtStage(CandidateStage.Interview, 1), new CandidatesAtStage(CandidateStage.Offer, 0),
            new CandidatesAtStage(CandidateStage.Accepted, 0)]);
        // November 2026 so far: h4 (h5 was cancelled); 1-25 November 2025: none (h1 was hired on the 28th).
        figures.HiresThisMonth.ShouldBe(new HiresAgainstLastYear(Day(2026, 11, 1), Day(2026, 11, 25), 1, 0));
        // 2026 so far: h3, h6, h4; 1 January-25 November 2025: h7, h2 (h1 came after the 25th).
        figures.HiresThisYear.ShouldBe(new HiresAgainstLastYear(Day(2026, 1, 1), Day(2026, 11, 25), 3, 2));
        // Fees of h3, h6, h4, h5 (4 x 20,000) less h5's credit (20,000).
        figures.FeesThisYear.ShouldBe(new Money(60_000m, "NOK"));
        // Days from posting to hire: 30 (h3), 58 (h1), 274 (h4).
        figures.MedianDaysToHire.ShouldBe(58m);
        // 3 months: h7 h2 h1 h3 h6 started by 2026-08-25, all still in the region 3 months on;
        // 6 months: the same five, h2 had left by 2025-10-01; 12 months: h7 and h2, h2 had left.
        figures.Retention.ShouldBe([new RetentionAt(3, 5, 5, 1m), new RetentionAt(6, 5, 4, 0.8m), new RetentionAt(12, 2, 1, 0.5m)]);
        // Made: h6 (T6 was B's); lost: T7 to B on 2026-07-01.
        figures.InternalHires.ShouldBe(new InternalHires(MadeThisYear: 1, MadeInAll: 1, LostThisYear: 1, LostInAll: 1));
    }

    [Fact]
    public async Task A_partners_dashboard_shows_its_hand_worked_figures_once_its_writes_are_reflected()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        var answer = await DashboardAsync(pool, history.PartnerA, pool.TokenFor(Roles.Partner, history.PartnerA), "?waitForWrites=true");

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.PartnerId.ShouldBe(history.PartnerA);
        ShouldBeTheHandWorkedFigures(answer.Figures);
    }

    [Fact]
    public async Task Time_alone_moves_this_month_this_year_and_retention_with_nothing_written()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        pool.Clock.MoveTo(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var figures = (await DashboardAsync(pool, history.PartnerA, pool.TokenFor(Roles.Admin))).Figures;

        // January 2027: no hires yet; January 2026: none either. Fees: nothing billed in 2027 yet.
        figures.HiresThisMonth.ShouldBe(new HiresAgainstLastYear(Day(2027, 1, 1), Day(2027, 1, 10), 0, 0));
        figures.HiresThisYear.ShouldBe(new HiresAgainstLastYear(Day(2027, 1, 1), Day(2027, 1, 10), 0, 0));
        figures.FeesThisYear.ShouldBe(new Money(0m, "NOK"));
        // 12 months: now h1 (started 2025-12-01) counts too, and stayed.
        figures.Retention[2].ShouldBe(new RetentionAt(12, 3, 2, 0.6667m));
    }

    [Fact]
    public async Task As_of_a_past_day_the_dated_figures_are_that_days_while_the_pipeline_stays_the_current_one()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        var admin = pool.TokenFor(Roles.Admin);

        var june = (await DashboardAsync(pool, history.PartnerA, admin, "?asOf=2026-06-30")).Figures;
        var november = (await DashboardAsync(pool, history.PartnerA, admin, "?asOf=2026-11-22")).Figures;

        // 30 June 2026: h4 and h5 not hired yet, T7 not yet lost to B.
        june.AsOf.ShouldBe(Day(2026, 6, 30));
        june.HiresThisMonth.ShouldBe(new HiresAgainstLastYear(Day(2026, 6, 1), Day(2026, 6, 30), 0, 0));
        // h3, h6 in 2026; h7, h2 by 30 June 2025.
        june.HiresThisYear.ShouldBe(new HiresAgainstLastYear(Day(2026, 1, 1), Day(2026, 6, 30), 2, 2));
        june.FeesThisYear.ShouldBe(new Money(40_000m, "NOK"));
        // Days to hire: 58 (h1), 30 (h3).
        june.MedianDaysToHire.ShouldBe(44m);
        // 3 months (started by 2026-03-30): h7 h2 h1, all stayed; 6 months (by 2025-12-30): the same, h2 had left by
        // 2025-10-01; 12 months (by 2025-06-30): h7 and h2.
        june.Retention.ShouldBe([new RetentionAt(3, 3, 3, 1m), new RetentionAt(6, 3, 2, 0.6667m), new RetentionAt(12, 2, 1, 0.5m)]);
        june.InternalHires.ShouldBe(new InternalHires(MadeThisYear: 1, MadeInAll: 1, LostThisYear: 0, LostInAll: 0));

        // 22 November 2026: h5 was hired on the 20th and is cancelled only on the 24th, so it counts, its fee not yet credited.
        november.HiresThisMonth.ShouldBe(new HiresAgainstLastYear(Day(2026, 11, 1), Day(2026, 11, 22), 2, 0));
        november.HiresThisYear.ShouldBe(new HiresAgainstLastYear(Day(2026, 1, 1), Day(2026, 11, 22), 4, 2));
        november.FeesThisYear.ShouldBe(new Money(80_000m, "NOK"));
        november.MedianDaysToHire.ShouldBe(58m);
        november.Retention.ShouldBe([new RetentionAt(3, 5, 5, 1m), new RetentionAt(6, 5, 4, 0.8m), new RetentionAt(12, 2, 1, 0.5m)]);
        november.InternalHires.ShouldBe(new InternalHires(MadeThisYear: 1, MadeInAll: 1, LostThisYear: 1, LostInAll: 1));

        // The pipeline is kept as it is now only: the same, whatever the day.
        foreach (var figures in new[] { june, november })
        {
            figures.OpenVacancies.ShouldBe(2);
            figures.CandidatesPerStage.Sum(stage => stage.Candidates).ShouldBe(2);
        }
    }

    [Fact]
    public async Task As_csv_the_dashboard_is_one_figure_a_row_with_money_as_an_amount_and_a_currency()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        var result = await pool.Host.Scenario(s => s.AcceptingCsv().As(pool.TokenFor(Roles.Partner, history.PartnerA))
            .Get.Url($"/api/v1/partners/{history.PartnerA}/dashboard?waitForWrites=true"));

        (await result.ReadCsvLinesAsync()).ShouldBe([
            "figure,breakdown,value,currency",
            "asOf,,2026-11-25,",
            "openVacancies,,2,",
            "candidatesPerStage.candidates,stage=Introduced,1,",
            "candidatesPerStage.candidates,stage=Screening,0,",
            "candidatesPerStage.candidates,stage=Interview,1,",
            "candidatesPerStage.candidates,stage=Offer,0,",
            "candidatesPerStage.candidates,stage=Accepted,0,",
            "hiresThisMonth.from,,2026-11-01,",
            "hiresThisMonth.to,,2026-11-25,",
            "hiresThisMonth.hires,,1,",
            "hiresThisMonth.samePeriodLastYear,,0,",
            "hiresThisYear.from,,2026-01-01,",
            "hiresThisYear.to,,2026-11-25,",
            "hiresThisYear.hires,,3,",
            "hiresThisYear.samePeriodLastYear,,2,",
            "feesThisYear,,60000.00,NOK",
            "medianDaysToHire,,58,",
            "retention.placed,months=3,5,",
            "retention.stillInRegion,months=3,5,",
            "retention.share,months=3,1,",
            "retention.placed,months=6,5,",
            "retention.stillInRegion,months=6,4,",
            "retention.share,months=6,0.8,",
            "retention.placed,months=12,2,",
            "retention.stillInRegion,months=12,1,",
            "retention.share,months=12,0.5,",
            "internalHires.madeThisYear,,1,",
            "internalHires.madeInAll,,1,",
            "internalHires.lostThisYear,,1,",
            "internalHires.lostInAll,,1,",
        ]);
        result.Header("Content-Disposition").ShouldBe($"attachment; filename=\"partner_{history.PartnerA}_dashboard_2026-11-25.csv\"");
        result.Header("X-Read-Model-Wait").ShouldBe("Reached");

        var june = await pool.Host.Scenario(s => s.AcceptingCsv().As(pool.TokenFor(Roles.Admin))
            .Get.Url($"/api/v1/partners/{history.PartnerA}/dashboard?asOf=2026-06-30"));
        (await june.ReadCsvLinesAsync()).ShouldContain("feesThisYear,,40000.00,NOK");
        june.Header("Content-Disposition").ShouldBe($"attachment; filename=\"partner_{history.PartnerA}_dashboard_2026-06-30.csv\"");
    }

    [Fact]
    public async Task Another_partners_dashboard_is_forbidden_and_an_unknown_partner_is_a_404()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Partner, history.PartnerB)).Get.Url($"/api/v1/partners/{history.PartnerA}/dashboard");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Admin)).Get.Url($"/api/v1/partners/{Guid.NewGuid()}/dashboard");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task Rebuilding_the_projection_yields_the_documents_built_live()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        var live = await DocumentsAsync(pool);
        live.Count.ShouldBe(2);

        var daemon = pool.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync<PartnerDashboardCountsProjection>(CatchUp, CancellationToken.None);
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        (await DocumentsAsync(pool)).ShouldBe(live);
        ShouldBeTheHandWorkedFigures((await DashboardAsync(pool, history.PartnerA, pool.TokenFor(Roles.Admin))).Figures);
    }

    [Fact]
    public async Task Erasing_a_hired_talent_leaves_the_figures_unchanged_and_the_dashboard_holds_no_talent()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await PostAsync(pool, $"/api/v1/talents/{history.Erasable}/erasure", new { }, pool.TokenFor(Roles.Admin), 204);

        var answer = await DashboardAsync(pool, history.PartnerA, pool.TokenFor(Roles.Admin), "?waitForWrites=true");

        ShouldBeTheHandWorkedFigures(answer.Figures);
        var stored = string.Join('\n', await DocumentsAsync(pool));
        stored.ShouldNotContain(history.Erasable.ToString());
        stored.ShouldNotContain("Priya");
    }

    /// <summary>Every dashboard document as stored, in JSON: records holding lists compare by their text.</summary>
    private static async Task<List<string>> DocumentsAsync(ClockedTalentPool pool)
    {
        await using var session = pool.RegionSession();
        var documents = await session.Query<PartnerDashboardCounts>().OrderBy(x => x.Id).ToListAsync();
        return [.. documents.Select(d => session.DocumentStore.Options.Serializer().ToJson(d))];
    }
}
