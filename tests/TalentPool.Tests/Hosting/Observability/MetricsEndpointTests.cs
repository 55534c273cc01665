using System.Net;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>
/// <c>/metrics</c> through the real pipeline, on a service of the test's own: Prometheus text with the HTTP server metrics
/// and the business counters, each fact counted once, when it is committed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MetricsEndpointTests(TalentPoolFixture fixture)
{
    private static readonly DateOnly March = new(2026, 3, 2);
    private const string Registered = "talentpool_talents_registered_total";

    [Fact]
    public async Task A_registration_counts_once_its_retry_with_the_same_idempotency_key_and_a_refused_one_not_at_all()
    {
        await using var pool = await ObservedTalentPool.StartAsync(fixture);
        var registration = TalentRequests.Registration();
        var key = Guid.NewGuid().ToString();

        await pool.PostAsync("/api/v1/talents", registration, token: "", idempotencyKey: key);
        var afterFirst = await PrometheusScrape.ReadUntilAsync(pool.Host, scrape => scrape.Named("http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/talents")).Any());
        await pool.PostAsync("/api/v1/talents", registration, token: "", idempotencyKey: key);
        await pool.PostAsync("/api/v1/talents", TalentRequests.Registration() with { Email = registration.Email }, token: "", status: 409);
        var afterRetryAndRefusal = await PrometheusScrape.ReadAsync(pool.Host);

        afterFirst.Sum(Registered).ShouldBe(1);
        afterRetryAndRefusal.Sum(Registered).ShouldBe(1);
        afterFirst.Text.ShouldContain($"# TYPE {Registered} counter");
        afterFirst.Named("http_server_request_duration_seconds_count", ("http_route", "/api/v1/talents"), ("http_request_method", "POST"),
            ("http_response_status_code", "201")).ShouldNotBeEmpty(afterFirst.Text);
        afterRetryAndRefusal.Named("db_client_operation_duration_seconds_count").ShouldNotBeEmpty("Npgsql's metrics");
        afterRetryAndRefusal.Named("marten_event_append_events_total", ("event_type", "talent_registered.v1")).ShouldNotBeEmpty(afterRetryAndRefusal.Text);
    }

    [Fact]
    public async Task A_hire_adds_its_fee_once_in_minor_units_of_its_currency_its_retry_adds_nothing_and_a_cancellation_credits_it()
    {
        await using var pool = await ObservedTalentPool.StartAsync(fixture);
        var number = Api.UniqueNumber();
        var county = await pool.PostAsync("/api/v1/counties", new RegisterCounty($"County {Guid.NewGuid():N}", "NO", [number]));
        var region = await pool.PostAsync("/api/v1/regions", new RegisterRegion($"Region {Guid.NewGuid():N}", county, "NO", "NOK", [number], null, null, null));
        var partner = await pool.PostAsync("/api/v1/partners", new JoinPartner(region, "Hedmark Energi AS", Api.OrganisationNumber(), 200, false, new DateOnly(2026, 1, 1)));
        var talent = await pool.PostAsync("/api/v1/talents", TalentRequests.Registration(), token: "");
        var recruiter = pool.TokenFor(Roles.Recruiter);
        var key = Guid.NewGuid().ToString();

        var hire = await pool.PostAsync("/api/v1/hires", new RecordHire(talent, partner, March, HiredOn: March), recruiter, key);
        var afterHire = await PrometheusScrape.ReadAsync(pool.Host);
        (await pool.PostAsync("/api/v1/hires", new RecordHire(talent, partner, March, HiredOn: March), recruiter, key)).ShouldBe(hire);
        var afterRetry = await PrometheusScrape.ReadAsync(pool.Host);
        await pool.PostAsync($"/api/v1/hires/{hire}/cancellation", new CancelHire(March.AddDays(10), "Left in probation"), recruiter, status: 200);
        var afterCancellation = await PrometheusScrape.ReadAsync(pool.Host);

        // A standard partner's fee in the default NOK price list: 20 000.00 NOK, 2 000 000 øre.
        const string billed = "talentpool_hire_fees_billed_minor_units_total", credited = "talentpool_hire_fees_credited_minor_units_total";
        afterHire.Named(billed).ShouldHaveSingleItem().Labels["currency"].ShouldBe("NOK");
        afterHire.Sum(billed, ("currency", "NOK")).ShouldBe(2_000_000);
        afterHire.Named("talentpool_hires_recorded_total").ShouldHaveSingleItem().Labels["classification"].ShouldBe("external");
        afterHire.Sum("talentpool_hires_recorded_total").ShouldBe(1);
        afterRetry.Sum(billed, ("currency", "NOK")).ShouldBe(2_000_000);
        afterRetry.Sum("talentpool_hires_recorded_total").ShouldBe(1);
        afterRetry.Sum(credited).ShouldBe(0);
        afterCancellation.Sum(credited, ("currency", "NOK")).ShouldBe(2_000_000);
        afterCancellation.Sum("talentpool_hires_cancelled_total").ShouldBe(1);
        afterCancellation.Sum(billed, ("currency", "NOK")).ShouldBe(2_000_000);
    }

    [Fact]
    public async Task The_projection_lag_gauges_name_every_async_projection_and_read_0_once_the_daemon_caught_up()
    {
        await using var pool = await ObservedTalentPool.StartAsync(fixture);
        await pool.PostAsync("/api/v1/talents", TalentRequests.Registration(), token: "");
        var asyncProjections = pool.Host.Services.GetRequiredService<StoreOptions>().Projections.AllShards()
            .Select(shard => shard.Name.Name).ToList();
        asyncProjections.Count.ShouldBeGreaterThanOrEqualTo(7);

        await pool.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await pool.Host.Services.GetRequiredService<ProjectionLagGauges>().SampleAsync(CancellationToken.None);
        var scrape = await PrometheusScrape.ReadAsync(pool.Host);

        scrape.Text.ShouldContain("# TYPE talentpool_projection_lag_seconds gauge");
        foreach (var projection in asyncProjections)
        {
            scrape.Named("talentpool_projection_lag_events", ("projection", projection)).ShouldHaveSingleItem(projection).Value.ShouldBe(0);
            scrape.Named("talentpool_projection_lag_seconds", ("projection", projection)).ShouldHaveSingleItem(projection).Value.ShouldBe(0);
        }
    }

    [Fact]
    public async Task Metrics_needs_no_token_and_names_no_person()
    {
        await using var pool = await ObservedTalentPool.StartAsync(fixture);
        var registration = TalentRequests.Registration();
        var talent = await pool.PostAsync("/api/v1/talents", registration, token: "");
        await pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Admin)).Get.Url($"/api/v1/talents/{talent}"));

        var scrape = await PrometheusScrape.ReadUntilAsync(pool.Host, scrape => scrape.Named("http_server_request_duration_seconds_count",
            ("http_route", "/api/v1/talents/{talentId}")).Any());

        scrape.Text.ShouldNotContain(registration.Email);
        scrape.Text.ShouldNotContain(talent.ToString());
        scrape.Named("http_server_request_duration_seconds_count", ("http_route", "/api/v1/talents/{talentId}")).ShouldNotBeEmpty(scrape.Text);
    }
}
