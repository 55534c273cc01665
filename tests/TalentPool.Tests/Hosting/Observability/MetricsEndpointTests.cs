using System.Net;
using System.Text;
using System.Text.Json;
using Marten.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>
/// <c>/metrics</c> through the real pipeline: Prometheus text with the HTTP server metrics and the business counters, each
/// fact counted once when it is committed. Counters add up over the whole test run, so each test compares before and after
/// (the tests of this collection run one at a time).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MetricsEndpointTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly March = new(2026, 3, 2);

    private Task<PrometheusScrape> ScrapeAsync() => PrometheusScrape.ReadAsync(fixture.Host);

    [Fact]
    public async Task Metrics_answers_Prometheus_text_without_a_token_with_the_HTTP_server_metrics_and_the_business_counters()
    {
        await _api.TalentAsync();

        var scrape = await ScrapeAsync();

        scrape.Named("http_server_request_duration_seconds_count", ("http_route", "/api/v1/talents"), ("http_request_method", "POST"))
            .ShouldNotBeEmpty(scrape.Text);
        scrape.Sum("talentpool_talents_registered_total").ShouldBeGreaterThan(0);
        scrape.Text.ShouldContain("# TYPE talentpool_talents_registered_total counter");
        scrape.Text.ShouldContain("# TYPE talentpool_projection_lag_seconds gauge");
        scrape.Named("db_client_operation_duration_seconds_count").ShouldNotBeEmpty("Npgsql's metrics");
        scrape.Named("marten_event_append_total", ("event_type", "talent_registered_v1")).ShouldNotBeEmpty("Marten's event counters");
    }

    [Fact]
    public async Task A_registration_counts_once_and_its_retry_with_the_same_idempotency_key_does_not_count_again()
    {
        var body = JsonSerializer.Serialize(TalentRequests.Registration(), Json.Options);
        var key = Guid.NewGuid().ToString();
        var before = (await ScrapeAsync()).Sum("talentpool_talents_registered_total");

        (await RegisterAsync(body, key)).ShouldBe(HttpStatusCode.Created);
        var afterFirst = (await ScrapeAsync()).Sum("talentpool_talents_registered_total");
        (await RegisterAsync(body, key)).ShouldBe(HttpStatusCode.Created);
        var afterRetry = (await ScrapeAsync()).Sum("talentpool_talents_registered_total");

        afterFirst.ShouldBe(before + 1);
        afterRetry.ShouldBe(afterFirst);
    }

    [Fact]
    public async Task A_refused_registration_counts_nothing()
    {
        var registration = TalentRequests.Registration();
        (await RegisterAsync(JsonSerializer.Serialize(registration, Json.Options), null)).ShouldBe(HttpStatusCode.Created);
        var before = (await ScrapeAsync()).Sum("talentpool_talents_registered_total");

        // The same e-mail again: a 409, nothing appended.
        (await RegisterAsync(JsonSerializer.Serialize(TalentRequests.Registration() with { Email = registration.Email }, Json.Options), null))
            .ShouldBe(HttpStatusCode.Conflict);

        (await ScrapeAsync()).Sum("talentpool_talents_registered_total").ShouldBe(before);
    }

    [Fact]
    public async Task A_hire_adds_its_fee_once_in_minor_units_of_its_currency_and_its_retry_adds_nothing_and_a_cancellation_credits_it()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var talent = await _api.TalentAsync();
        var key = Guid.NewGuid().ToString();
        var before = await ScrapeAsync();

        var hire = await _api.HireAsync(talent, partner, March, key);
        var afterHire = await ScrapeAsync();
        (await _api.HireAsync(talent, partner, March, key)).ShouldBe(hire);
        var afterRetry = await ScrapeAsync();
        await _api.PostAsync($"/api/v1/hires/{hire}/cancellation", new CancelHire(March.AddDays(10), "Left in probation"), _api.Recruiter, status: 200);
        var afterCancellation = await ScrapeAsync();

        // A standard partner's fee in the default NOK price list: 20 000.00 NOK, 2 000 000 øre.
        const string billed = "talentpool_hire_fees_billed_minor_units_total", credited = "talentpool_hire_fees_credited_minor_units_total";
        afterHire.Sum(billed, ("currency", "NOK")).ShouldBe(before.Sum(billed, ("currency", "NOK")) + 2_000_000);
        afterHire.Sum("talentpool_hires_recorded_total").ShouldBe(before.Sum("talentpool_hires_recorded_total") + 1);
        afterRetry.Sum(billed, ("currency", "NOK")).ShouldBe(afterHire.Sum(billed, ("currency", "NOK")));
        afterRetry.Sum("talentpool_hires_recorded_total").ShouldBe(afterHire.Sum("talentpool_hires_recorded_total"));
        afterCancellation.Sum(credited, ("currency", "NOK")).ShouldBe(afterRetry.Sum(credited, ("currency", "NOK")) + 2_000_000);
        afterCancellation.Sum("talentpool_hires_cancelled_total").ShouldBe(afterRetry.Sum("talentpool_hires_cancelled_total") + 1);
        afterHire.Named("talentpool_hires_recorded_total").ShouldAllBe(series => series.Labels["classification"] == "external"
            || series.Labels["classification"] == "internal" || series.Labels["classification"] == "local");
    }

    [Fact]
    public async Task The_projection_lag_gauges_name_every_async_projection_and_read_0_once_the_daemon_caught_up()
    {
        await _api.TalentAsync();
        var asyncProjections = fixture.Host.Services.GetRequiredService<StoreOptions>().Projections.AllShards()
            .Select(shard => shard.Name.Name).ToList();
        asyncProjections.Count.ShouldBeGreaterThanOrEqualTo(7);

        await fixture.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await fixture.Host.Services.GetRequiredService<ProjectionLagGauges>().SampleAsync(CancellationToken.None);
        var scrape = await ScrapeAsync();

        foreach (var projection in asyncProjections)
        {
            scrape.Named("talentpool_projection_lag_events", ("projection", projection)).ShouldHaveSingleItem(projection).Value.ShouldBe(0);
            scrape.Named("talentpool_projection_lag_seconds", ("projection", projection)).ShouldHaveSingleItem(projection).Value.ShouldBe(0);
        }
    }

    private async Task<HttpStatusCode> RegisterAsync(string body, string? key)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/talents") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return (await client.SendAsync(request)).StatusCode;
    }
}
