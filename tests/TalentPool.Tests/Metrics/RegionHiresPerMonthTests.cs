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
/// A region's hires per month, an async projection run by the daemon in the test host: counted by classification,
/// cancellations in their own month, read by admins and the region's members only, with its freshness.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionHiresPerMonthTests(TalentPoolFixture fixture)
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static string Url(Guid regionId, string query = "") => $"/api/v1/regions/{regionId}/metrics/hires-per-month{query}";

    /// <summary>A region with an external and a local hire in March, an internal one in April, and the external one cancelled in April.</summary>
    private async Task<(Guid RegionId, Guid PartnerId)> RegionWithHiresAsync()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number);
        var first = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var second = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var fromAbroad = await _api.TalentAsync(country: "IN");
        var local = await _api.TalentAsync(country: "NO", municipality: number);

        var external = await _api.HireAsync(fromAbroad, first, Day(2026, 3, 2));
        await _api.HireAsync(local, first, Day(2026, 3, 20));
        await _api.HireAsync(local, second, Day(2026, 4, 1));
        await _api.PostAsync($"/api/v1/hires/{external}/cancellation", new CancelHire(Day(2026, 4, 15), "Probation"), _api.Recruiter, status: 200);
        return (region.Id, first);
    }

    private static readonly HiresInMonth[] Expected =
    [
        new("2026-03", Recorded: 2, External: 1, Internal: 0, Local: 1, Cancelled: 0),
        new("2026-04", Recorded: 1, External: 0, Internal: 1, Local: 0, Cancelled: 1),
    ];

    [Fact]
    public async Task Once_the_daemon_caught_up_a_regions_months_count_hires_by_classification_and_cancellations_in_their_month()
    {
        var (regionId, _) = await RegionWithHiresAsync();

        await fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        var answer = await _api.GetAsync<RegionHiresPerMonthAnswer>(Url(regionId));

        answer.Months.ShouldBe(Expected);
        answer.Freshness.IsCurrent.ShouldBeTrue();
        answer.Freshness.Sequence.ShouldBeGreaterThanOrEqualTo(answer.Freshness.LatestSequence);
        answer.Freshness.SequenceRecordedAt.ShouldNotBeNull();
        answer.Freshness.Wait.ShouldBeNull();
    }

    [Fact]
    public async Task A_reader_that_just_wrote_and_asks_to_wait_gets_its_writes_reflected_without_polling()
    {
        var (regionId, _) = await RegionWithHiresAsync();

        var answer = await _api.GetAsync<RegionHiresPerMonthAnswer>(Url(regionId, "?waitForWrites=true"));

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.Months.ShouldBe(Expected);
    }

    [Fact]
    public async Task A_wait_the_projection_cannot_reach_ends_after_the_longest_wait_and_says_it_timed_out()
    {
        // A projection that never runs never reaches any event: the wait is bounded, and its answer says so.
        await _api.RegionAsync();
        var progress = new ReadModelProgress(fixture.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>()) { LongestWait = TimeSpan.FromMilliseconds(200) };

        await using var session = fixture.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var freshness = await progress.ReadAsync(session, "NoSuchProjection", true, CancellationToken.None);

        freshness.Wait.ShouldBe(WaitOutcome.TimedOut);
        freshness.IsCurrent.ShouldBeFalse();
        freshness.Sequence.ShouldBe(0);
    }

    [Fact]
    public async Task Months_can_be_limited_from_and_to_a_month()
    {
        var (regionId, _) = await RegionWithHiresAsync();

        var april = await _api.GetAsync<RegionHiresPerMonthAnswer>(Url(regionId, "?from=2026-04&to=2026-04&waitForWrites=true"));

        april.Months.ShouldBe([Expected[1]]);
    }

    [Fact]
    public async Task As_csv_each_month_of_the_read_model_is_one_row_and_the_file_is_named_for_the_region_and_the_months()
    {
        var (regionId, _) = await RegionWithHiresAsync();

        var result = await fixture.Host.Scenario(s => s.AcceptingCsv().As(fixture.AdminToken()).Get.Url(Url(regionId, "?from=2026-01&waitForWrites=true")));

        (await result.ReadCsvLinesAsync()).ShouldBe([
            "month,recorded,external,internal,local,cancelled",
            "2026-03,2,1,0,1,0",
            "2026-04,1,0,1,0,1",
        ]);
        result.Header("Content-Disposition").ShouldBe($"attachment; filename=\"region_{regionId}_hires-per-month_2026-01_last.csv\"");
        result.Header("X-Read-Model-Wait").ShouldBe("Reached");
    }

    [Fact]
    public async Task A_month_that_is_not_yyyy_MM_is_a_400_naming_the_parameter()
    {
        var region = await _api.RegionAsync();

        var result = await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url(Url(region.Id, "?from=2026-13"));
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        (await result.ReadAsTextAsync()).ShouldContain("from");
    }

    [Fact]
    public async Task A_member_of_the_region_reads_its_metrics_and_a_member_of_another_region_is_refused()
    {
        var (regionId, partnerId) = await RegionWithHiresAsync();
        var elsewhere = await _api.RegionAsync();
        var otherPartner = await _api.PartnerAsync(elsewhere.Id, Day(2026, 1, 1));
        var otherMunicipality = await _api.MunicipalityAsync(elsewhere.Id, elsewhere.MunicipalityNumbers[0], 10_000, Day(2026, 1, 1));

        var own = await _api.GetAsync<RegionHiresPerMonthAnswer>(Url(regionId, "?waitForWrites=true"), fixture.TokenFor(Roles.Partner, partnerId));
        own.Months.ShouldBe(Expected);

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
    public async Task Rebuilding_the_projection_from_the_events_yields_the_documents_built_live()
    {
        var (regionId, _) = await RegionWithHiresAsync();
        await fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUp);
        var live = await AllMonthsAsync();
        live.ShouldContain(m => m.RegionId == regionId);

        var daemon = fixture.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync<RegionHiresPerMonthProjection>(CatchUp, CancellationToken.None);
        await fixture.Host.WaitForNonStaleProjectionDataAsync(CatchUp);

        (await AllMonthsAsync()).ShouldBe(live);
    }

    private async Task<IReadOnlyList<RegionHiresPerMonth>> AllMonthsAsync()
    {
        await using var session = fixture.RegionSession();
        return await session.Query<RegionHiresPerMonth>().OrderBy(x => x.Id).ToListAsync();
    }
}
