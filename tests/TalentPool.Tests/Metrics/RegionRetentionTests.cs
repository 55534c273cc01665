using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A region's retention cohorts, monthly churn and +1 employment rate, built through the API on a host whose clock the
/// test moves. Today is 2026-09-30; every hire is hired on its start date:
/// <code>
/// hire  talent's +1  starts      afterwards
/// h0    no           2026-02-10  -
/// h1    yes          2026-03-01  the +1 found work on 2026-05-01
/// h2    yes          2026-03-10  left the region on 2026-06-10, its 3-month mark
/// h3    no           2026-03-15  left the region on 2026-06-16
/// h4    yes          2026-03-20  cancelled on 2026-04-01, after its start: no placement
/// h5    no           2026-03-31  employment ended on 2026-07-15, the talent staying in the region
/// </code>
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionRetentionTests(TalentPoolFixture fixture)
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Today = new(2026, 9, 30, 12, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private sealed record History(ClockedTalentPool Pool, Guid RegionId, Guid Partner, Guid Municipality, Guid OtherPartner,
        Guid OtherMunicipality, Guid Talent);

    private static string Url(Guid regionId, string query = "") => $"/api/v1/regions/{regionId}/metrics/retention{query}";

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
        var county = await PostAsync(pool, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", ["3403", "3405", "3411"]), admin);
        var region = await PostAsync(pool, "/api/v1/regions", new RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403"], null, null, null), admin);
        var recruiter = pool.TokenFor(Roles.Recruiter);
        var elsewhere = await PostAsync(pool, "/api/v1/regions", new RegisterRegion("Ringsaker", county, "NO", "NOK", ["3411"], null, null, null), admin);
        var partner = await PostAsync(pool, "/api/v1/partners", new JoinPartner(region, "Mjøsbyggen AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)), admin);
        var municipality = await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(region, "3403", "Hamar", 32_000, 2025, Day(2025, 1, 1), LicencePayer.Municipality), admin);
        var otherPartner = await PostAsync(pool, "/api/v1/partners", new JoinPartner(elsewhere, "Brøttum Bygg AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)), admin);
        var otherMunicipality = await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(elsewhere, "3411", "Ringsaker", 35_000, 2025, Day(2025, 1, 1), LicencePayer.Municipality), admin);
        // The talents register in the region itself (regions are tenants).
        pool.Regions.Use(region);

        async Task<Guid> HireAsync(bool plusOne, DateOnly startsOn)
        {
            var talent = await PostAsync(pool, "/api/v1/talents",
                TalentRequests.Registration() with { AccompanyingPartner = plusOne ? new AccompanyingPartner("Nurse") : null }, "");
            return await PostAsync(pool, "/api/v1/hires", new RecordHire(talent, partner, startsOn, HiredOn: startsOn), recruiter);
        }

        await HireAsync(false, Day(2026, 2, 10));
        var h1 = await HireAsync(true, Day(2026, 3, 1));
        var h2 = await HireAsync(true, Day(2026, 3, 10));
        var h3 = await HireAsync(false, Day(2026, 3, 15));
        var h4 = await HireAsync(true, Day(2026, 3, 20));
        var h5 = await HireAsync(false, Day(2026, 3, 31));
        await PostAsync(pool, $"/api/v1/hires/{h1}/accompanying-partner-employment",
            new RecordAccompanyingPartnerEmployment(Day(2026, 5, 1), "Nurse"), recruiter, 200);
        await PostAsync(pool, $"/api/v1/hires/{h2}/end", new EndEmployment(Day(2026, 6, 10), true, "Moved to Oslo"), recruiter, 200);
        await PostAsync(pool, $"/api/v1/hires/{h3}/end", new EndEmployment(Day(2026, 6, 16), true, "Moved abroad"), recruiter, 200);
        await PostAsync(pool, $"/api/v1/hires/{h4}/cancellation", new CancelHire(Day(2026, 4, 1), "Probation"), recruiter, 200);
        await PostAsync(pool, $"/api/v1/hires/{h5}/end", new EndEmployment(Day(2026, 7, 15), false, "Another member's job"), recruiter, 200);
        var hired = await pool.RegionSession(region).LoadAsync<Hire>(h1);
        return new History(pool, region, partner, municipality, otherPartner, otherMunicipality, hired.ShouldNotBeNull().TalentId);
    }

    private static async Task<RegionRetentionAnswer> RetentionAsync(ClockedTalentPool pool, Guid regionId, string token, string query)
    {
        var result = await pool.Host.Scenario(s => s.As(token).Get.Url(Url(regionId, query)));
        return (await result.ReadAsJsonAsync<RegionRetentionAnswer>()).ShouldNotBeNull();
    }

    private static void ShouldBeTheHandWorkedFigures(RegionRetentionAnswer answer)
    {
        answer.AsOf.ShouldBe(Day(2026, 9, 30));
        (answer.From, answer.To).ShouldBe(("2026-02", "2026-10"));
        answer.Cohorts.Select(c => (c.StartMonth, c.Placed)).ShouldBe([
            ("2026-02", 1), ("2026-03", 4), ("2026-04", 0), ("2026-05", 0), ("2026-06", 0), ("2026-07", 0), ("2026-08", 0), ("2026-09", 0), ("2026-10", 0)]);
        // February's last mark: its last day, the 28th, N months on.
        answer.Cohorts[0].Retention.ShouldBe([
            new CohortRetentionAt(3, Day(2026, 5, 28), 1, 1m, 0m), new CohortRetentionAt(6, Day(2026, 8, 28), 1, 1m, 0m),
            new CohortRetentionAt(12, Day(2027, 2, 28), null, null, null)]);
        // March: h1 h2 h3 h5 (h4 cancelled). 3 months: h2 left on its mark: 3 of 4. 6 months (its last mark is today): h1 h5.
        answer.Cohorts[1].Retention.ShouldBe([
            new CohortRetentionAt(3, Day(2026, 6, 30), 3, 0.75m, 0.25m), new CohortRetentionAt(6, Day(2026, 9, 30), 2, 0.5m, 0.5m),
            new CohortRetentionAt(12, Day(2027, 3, 31), null, null, null)]);
        answer.Months.ShouldBe([
            new MonthlyChurn("2026-02", 0, 0, null),
            new MonthlyChurn("2026-03", 1, 0, 0m),
            new MonthlyChurn("2026-04", 5, 0, 0m),
            new MonthlyChurn("2026-05", 5, 0, 0m),
            new MonthlyChurn("2026-06", 5, 2, 0.4m),
            new MonthlyChurn("2026-07", 3, 0, 0m), // h5's employment ended in the region: no departure
            new MonthlyChurn("2026-08", 3, 0, 0m),
            new MonthlyChurn("2026-09", 3, 0, 0m),
            new MonthlyChurn("2026-10", null, null, null)]);
        // With a +1: h1 and h2 (h4 was cancelled); h1's found work.
        answer.AccompanyingPartnerEmployment.ShouldBe(new AccompanyingPartnerEmploymentRate(2, 1, 0.5m, 0));
    }

    [Fact]
    public async Task A_regions_cohorts_monthly_churn_and_plus_one_rate_are_the_hand_worked_figures_once_its_writes_are_reflected()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        var answer = await RetentionAsync(pool, history.RegionId, pool.TokenFor(Roles.Partner, history.Partner), "?from=2026-02&to=2026-10&waitForWrites=true");

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.RegionId.ShouldBe(history.RegionId);
        ShouldBeTheHandWorkedFigures(answer);
    }

    [Fact]
    public async Task Time_alone_brings_the_twelve_month_figures_and_the_default_period_follows_the_clock()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        pool.Clock.MoveTo(new DateTimeOffset(2027, 3, 31, 12, 0, 0, TimeSpan.Zero));
        var answer = await RetentionAsync(pool, history.RegionId, pool.TokenFor(Roles.Admin), "");

        (answer.From, answer.To).ShouldBe(("2026-04", "2027-03"));
        var march = await RetentionAsync(pool, history.RegionId, pool.TokenFor(Roles.Admin), "?from=2026-02&to=2026-03");
        march.Cohorts[0].Retention[2].ShouldBe(new CohortRetentionAt(12, Day(2027, 2, 28), 1, 1m, 0m));
        march.Cohorts[1].Retention[2].ShouldBe(new CohortRetentionAt(12, Day(2027, 3, 31), 2, 0.5m, 0.5m));
        answer.Months[^1].ShouldBe(new MonthlyChurn("2027-03", 3, 0, 0m));
    }

    [Fact]
    public async Task The_regions_own_members_and_admins_read_the_counts_and_everyone_else_is_refused()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;

        foreach (var token in new[]
        {
            pool.TokenFor(Roles.Admin), pool.TokenFor(Roles.Partner, history.Partner), pool.TokenFor(Roles.Municipality, history.Municipality),
        })
        {
            var result = await pool.Host.Scenario(s =>
            {
                s.As(token).Get.Url(Url(history.RegionId, "?from=2026-02&to=2026-10&waitForWrites=true"));
                s.StatusCodeShouldBe(HttpStatusCode.OK);
            });
            var text = await result.ReadAsTextAsync();
            text.ShouldNotContain(history.Partner.ToString());
            text.ShouldNotContain(history.Talent.ToString());
            text.ShouldNotContain("name", Case.Insensitive);
        }
        foreach (var token in new[]
        {
            pool.TokenFor(Roles.Partner, history.OtherPartner), pool.TokenFor(Roles.Municipality, history.OtherMunicipality),
            pool.TokenFor(Roles.Talent, history.Talent), pool.TokenFor(Roles.Recruiter),
        })
        {
            await pool.Host.Scenario(s =>
            {
                s.As(token).Get.Url(Url(history.RegionId));
                s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
            });
        }
        await pool.Host.Scenario(s =>
        {
            s.Get.Url(Url(history.RegionId));
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Admin)).Get.Url(Url(Guid.NewGuid()));
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task Erasing_a_placed_talent_changes_no_count_and_the_documents_hold_nothing_of_the_person()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await PostAsync(pool, $"/api/v1/talents/{history.Talent}/erasure", new { }, pool.TokenFor(Roles.Admin), 204);

        ShouldBeTheHandWorkedFigures(await RetentionAsync(pool, history.RegionId, pool.TokenFor(Roles.Admin), "?from=2026-02&to=2026-10&waitForWrites=true"));
        var (cohorts, placedTalents) = await DocumentsAsync(pool);
        var stored = string.Join('\n', cohorts.Concat(placedTalents));
        stored.ShouldNotContain("Priya");
        stored.ShouldNotContain("Nurse");
        // The cohorts name no talent; the placed talents are keyed by the id the hire events keep after an erasure, which
        // names nobody once the talent is erased.
        string.Join('\n', cohorts).ShouldNotContain(history.Talent.ToString());
        placedTalents.ShouldHaveSingleItem().ShouldContain(history.Talent.ToString());
    }

    [Fact]
    public async Task Rebuilding_the_projections_yields_the_documents_built_live()
    {
        var history = await HistoryAsync();
        await using var pool = history.Pool;
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        var live = await DocumentsAsync(pool);
        (live.Cohorts.Count, live.PlacedTalents.Count).ShouldBe((2, 1)); // the February and March cohorts, and the region's placed talents

        var daemon = pool.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync<RegionRetentionCountsProjection>(CatchUp, CancellationToken.None);
        await daemon.RebuildProjectionAsync<RegionPlacedTalentsProjection>(CatchUp, CancellationToken.None);
        await pool.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        var rebuilt = await DocumentsAsync(pool);
        rebuilt.Cohorts.ShouldBe(live.Cohorts);
        rebuilt.PlacedTalents.ShouldBe(live.PlacedTalents);
        ShouldBeTheHandWorkedFigures(await RetentionAsync(pool, history.RegionId, pool.TokenFor(Roles.Admin), "?from=2026-02&to=2026-10"));
    }

    /// <summary>
    /// Monthly churn counts talents, through the API and the daemon. Two talents of one region, two partners:
    /// <code>
    /// talent  placements                                                    its stay in the region
    /// T1      A from 2026-02-10; B from 2026-04-01 (internal), A ended      2026-02-10 →
    ///         on 2026-04-01 inside the region
    /// T2      A from 2026-02-20, left the region 2026-05-15; B from 07-01   2026-02-20 → 2026-05-15, 2026-07-01 →
    /// </code>
    /// </summary>
    [Fact]
    public async Task A_talent_who_moves_between_members_counts_once_and_one_who_left_and_returned_enters_again()
    {
        await using var pool = await ClockedTalentPool.StartAsync(fixture, Today);
        var admin = pool.TokenFor(Roles.Admin);
        var county = await PostAsync(pool, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", ["3403"]), admin);
        var region = await PostAsync(pool, "/api/v1/regions", new RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403"], null, null, null), admin);
        var recruiter = pool.TokenFor(Roles.Recruiter);
        var a = await PostAsync(pool, "/api/v1/partners", new JoinPartner(region, "Mjøsbyggen AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)), admin);
        var b = await PostAsync(pool, "/api/v1/partners", new JoinPartner(region, "Hamar Sveis AS", Api.OrganisationNumber(), 200, false, Day(2025, 1, 1)), admin);
        Task<Guid> Hire(Guid talent, Guid partner, DateOnly startsOn) =>
            PostAsync(pool, "/api/v1/hires", new RecordHire(talent, partner, startsOn, HiredOn: startsOn), recruiter);
        Task End(Guid hire, DateOnly endedOn, bool leftRegion) =>
            PostAsync(pool, $"/api/v1/hires/{hire}/end", new EndEmployment(endedOn, leftRegion, "Moved on"), recruiter, 200);

        var t1 = await PostAsync(pool, "/api/v1/talents", TalentRequests.Registration(), "");
        var t2 = await PostAsync(pool, "/api/v1/talents", TalentRequests.Registration(), "");
        var t1AtA = await Hire(t1, a, Day(2026, 2, 10));
        var t2AtA = await Hire(t2, a, Day(2026, 2, 20));
        var t1AtB = await Hire(t1, b, Day(2026, 4, 1));
        await End(t1AtA, Day(2026, 4, 1), leftRegion: false);
        await End(t2AtA, Day(2026, 5, 15), leftRegion: true);
        await Hire(t2, b, Day(2026, 7, 1));
        (await pool.RegionSession().LoadAsync<Hire>(t1AtB)).ShouldNotBeNull().Classification.ShouldBe(HireClassification.Internal);

        var answer = await RetentionAsync(pool, region, pool.TokenFor(Roles.Partner, b), "?from=2026-02&to=2026-08&waitForWrites=true");

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.Months.ShouldBe([
            new MonthlyChurn("2026-02", 0, 0, null),
            new MonthlyChurn("2026-03", 2, 0, 0m),
            new MonthlyChurn("2026-04", 2, 0, 0m), // T1 moves to B: still one talent (per placement: 2)
            new MonthlyChurn("2026-05", 2, 1, 0.5m), // T2 leaves: 1 / 2 (per placement: 1 / 3)
            new MonthlyChurn("2026-06", 1, 0, 0m),
            new MonthlyChurn("2026-07", 1, 0, 0m), // T2 back from the 1st: not at the month's start
            new MonthlyChurn("2026-08", 2, 0, 0m)]);
        // The cohorts still count placements: T1's move is a placement of April.
        answer.Cohorts.Select(c => (c.StartMonth, c.Placed)).ShouldBe([
            ("2026-02", 2), ("2026-03", 0), ("2026-04", 1), ("2026-05", 0), ("2026-06", 0), ("2026-07", 1), ("2026-08", 0)]);
    }

    [Fact]
    public async Task The_read_selects_the_months_asked_for_and_the_one_before_and_never_the_placed_talents()
    {
        await using var session = fixture.RegionSession();
        var region = Guid.NewGuid();

        var (sql, _) = RegionPlacedTalentsMonths.WindowQuery("talentpool", session.TenantId, region, new BillingMonth(2026, 1), new BillingMonth(2026, 3));

        sql.ShouldContain(RegionPlacedTalentsMonths.TableName);
        sql.ShouldNotContain("mt_doc_regionplacedtalents");
        sql.ShouldContain("limit 1");
        var window = await RegionPlacedTalentsMonths.WindowAsync(session, region, new BillingMonth(2026, 1), new BillingMonth(2026, 3), CancellationToken.None);
        window.At(new BillingMonth(2026, 2)).ShouldBe((0, 0)); // a region with no hire yet
    }

    /// <summary>Every cohort and placed-talents document as stored, in JSON: records holding lists compare by their text.</summary>
    private static async Task<(List<string> Cohorts, List<string> PlacedTalents)> DocumentsAsync(ClockedTalentPool pool)
    {
        await using var session = pool.RegionSession();
        var serializer = session.DocumentStore.Options.Serializer();
        var cohorts = await session.Query<RegionRetentionCounts>().OrderBy(x => x.Id).ToListAsync();
        var placedTalents = await session.Query<RegionPlacedTalents>().ToListAsync();
        return ([.. cohorts.Select(serializer.ToJson)], [.. placedTalents.Select(serializer.ToJson)]);
    }
}
