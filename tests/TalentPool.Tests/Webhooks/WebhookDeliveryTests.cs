using System.Diagnostics;
using System.Net;
using Alba;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>
/// A member's system on loopback receives the member's events through a registered webhook: each kind, signed, in order,
/// retried while the receiver fails, dead-lettered and replayed, signed with a rotated secret, held while paused; and
/// never another member's events.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookDeliveryTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private readonly WebhookApi _webhooks = new(fixture);
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static VacancyDetails Vacancy() => new("Process engineer", "Scale up cell production.", "Battery engineering", "3403", 2, new DateOnly(2027, 1, 31), ["en"]);

    [Fact]
    public async Task A_member_receives_each_kind_of_event_of_its_scope_signed_and_in_order_and_another_member_none_of_it()
    {
        var (region, partner, token) = await _webhooks.PartnerAsync();
        var (_, other, otherToken) = await _webhooks.PartnerAsync(region);
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("mine"));
        var othersWebhook = await _webhooks.RegisterAsync(otherToken, _receiver.Url("others"));
        webhook.Secret.ShouldStartWith("whsec_");
        var details = await _webhooks.Api.GetAsync<WebhookDetails>(webhook.Url, token);
        details.ShouldSatisfyAllConditions(() => details.Status.ShouldBe(WebhookStatus.Active), () => details.EventKinds.ShouldBe(WebhookApi.AllKinds));

        var vacancy = await _webhooks.Api.PostAsync("/api/v1/vacancies", new PostVacancy(Vacancy()), token);
        var talent = await _webhooks.Api.TalentAsync();
        var candidacy = await _webhooks.Api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), token);
        var hire = await _webhooks.Api.HireAsync(talent, partner, new DateOnly(2026, 2, 2));
        await _webhooks.Api.PostAsync($"/api/v1/hires/{hire}/cancellation", new CancelHire(new DateOnly(2026, 2, 20), "Left in probation"), _webhooks.Api.Recruiter, 200);
        await _webhooks.Api.PostAsync($"/api/v1/regions/{region}/billing-periods/2026-01/close", new { }, status: 200);

        var received = await _receiver.WaitForAsync("mine", r => r.Count(d => d.Accepted) >= 4);
        received.Select(d => d.Type).ShouldBe(["CandidateIntroduced", "HireRecorded", "HireCancelled", "StatementClosed"]);
        received.ShouldAllBe(d => WebhookSignature.Verify(webhook.Secret, d.Id, d.Timestamp, d.Body, d.Signature));
        received.Select(d => d.Id).Distinct().Count().ShouldBe(4);
        received.ShouldAllBe(d => Math.Abs(long.Parse(d.Timestamp) - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 120);
        received[0].Json.GetProperty("data").GetProperty("candidacyId").GetGuid().ShouldBe(candidacy);
        received[1].Json.GetProperty("data").GetProperty("hireId").GetGuid().ShouldBe(hire);
        received[2].Json.GetProperty("data").GetProperty("hireId").GetGuid().ShouldBe(hire);
        received[3].Json.GetProperty("data").GetProperty("statementUrl").GetString().ShouldBe($"/api/v1/partners/{partner}/statements/2026-01");
        // Ids and facts only: nothing that names the talent.
        received.ShouldAllBe(d => !d.Body.Contains(talent.ToString()) && !d.Body.Contains("Priya"));

        var log = await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.Count(d => d.Status == WebhookDeliveryStatus.Delivered) == 4);
        log.Items.Select(d => d.Id.ToString()).ShouldBe(received.Select(d => d.Id));
        log.Items.Select(d => d.Body).ShouldBe(received.Select(d => d.Body));

        // The other member's webhook got its own statement and nothing of the first member's scope.
        var others = await _webhooks.WaitForLogAsync(otherToken, othersWebhook.Id, page => page.Items.Count > 0);
        others.Items.ShouldAllBe(d => d.Kind == WebhookEventKind.StatementClosed && d.Body.Contains(other.ToString()) && !d.Body.Contains(partner.ToString()));
        _receiver.Received("others").ShouldAllBe(d => !d.Body.Contains(partner.ToString()) && !d.Body.Contains(hire.ToString()));
        (await _webhooks.SendAsync(HttpMethod.Get, webhook.Url, otherToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _webhooks.SendAsync(HttpMethod.Get, $"/api/v1/webhooks/{webhook.Id}/deliveries", otherToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_waits_and_later_deliveries_wait_behind_the_failing_one()
    {
        var (_, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("flaky"), WebhookEventKind.HireRecorded);
        _receiver.FailNext(2);

        var first = await _webhooks.HireAsync(partner);
        var second = await _webhooks.HireAsync(partner);

        var received = await _receiver.WaitForAsync("flaky", r => r.Count(d => d.Accepted) == 2);
        received.Select(d => d.Answered).ShouldBe([503, 503, 204, 204]);
        received.Take(3).Select(d => d.Id).Distinct().Count().ShouldBe(1, "a retry keeps its webhook-id");
        received.Select(d => d.Json.GetProperty("data").GetProperty("hireId").GetGuid()).ShouldBe([first, first, first, second]);
        received.ShouldAllBe(d => WebhookSignature.Verify(webhook.Secret, d.Id, d.Timestamp, d.Body, d.Signature));
        // Waits of 200 ms, then 400 ms (the test host's RetryDelays), measured at the receiver.
        Stopwatch.GetElapsedTime(received[0].ReceivedAt, received[1].ReceivedAt).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(180));
        Stopwatch.GetElapsedTime(received[1].ReceivedAt, received[2].ReceivedAt).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(360));

        var log = await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.All(d => d.Status == WebhookDeliveryStatus.Delivered));
        log.Items[0].Attempts.Select(a => a.StatusCode).ShouldBe([503, 503, 204]);
        log.Items[1].Attempts.Count.ShouldBe(1);
    }

    [Fact]
    public async Task After_the_last_retry_a_delivery_is_dead_lettered_the_next_goes_on_and_a_replay_delivers_it_with_the_same_id()
    {
        var (_, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("down"), WebhookEventKind.HireRecorded);
        _receiver.FailNext(4);

        var lost = await _webhooks.HireAsync(partner);
        await _receiver.WaitForAsync("down", r => r.Count == 4);
        var deadLettered = await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.Any(d => d.Status == WebhookDeliveryStatus.DeadLettered));
        var dead = deadLettered.Items.Single();
        dead.Attempts.Select(a => a.StatusCode).ShouldBe([503, 503, 503, 503]);
        (await _webhooks.DeliveriesAsync(token, webhook.Id, WebhookDeliveryStatus.DeadLettered)).Items.Select(d => d.Id).ShouldBe([dead.Id]);

        var next = await _webhooks.HireAsync(partner);
        await _receiver.WaitForAsync("down", r => r.Any(d => d.Accepted));

        var replay = await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/deliveries/{dead.Id}/replay", token);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        var received = await _receiver.WaitForAsync("down", r => r.Count(d => d.Accepted) == 2);
        received.Where(d => d.Accepted).Select(d => d.Json.GetProperty("data").GetProperty("hireId").GetGuid()).ShouldBe([next, lost]);
        received.Last().Id.ShouldBe(dead.Id.ToString());
        var log = await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.All(d => d.Status == WebhookDeliveryStatus.Delivered));
        log.Items.Single(d => d.Id == dead.Id).Attempts.Count.ShouldBe(5);
        (await _webhooks.DeliveriesAsync(token, webhook.Id, WebhookDeliveryStatus.DeadLettered)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rotated_secret_signs_from_then_on_beside_the_previous_one_for_the_overlap()
    {
        var (_, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("rotated"), WebhookEventKind.HireRecorded);

        var rotation = await _webhooks.Api.Host.Scenario(s => s.As(token).Post.Url($"/api/v1/webhooks/{webhook.Id}/secret"));
        var issued = (await rotation.ReadAsJsonAsync<WebhookSecretIssued>()).ShouldNotBeNull();
        issued.Secret.ShouldStartWith("whsec_");
        issued.Secret.ShouldNotBe(webhook.Secret);
        issued.PreviousSecretValidUntil.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(23));
        (await _webhooks.Api.GetAsync<WebhookDetails>(webhook.Url, token)).SecretRotatedAt.ShouldNotBeNull();

        await _webhooks.HireAsync(partner);
        var delivery = (await _receiver.WaitForAsync("rotated", r => r.Any(d => d.Accepted))).Single();
        delivery.Signature.Split(' ').Length.ShouldBe(2);
        WebhookSignature.Verify(issued.Secret, delivery.Id, delivery.Timestamp, delivery.Body, delivery.Signature).ShouldBeTrue();
        WebhookSignature.Verify(webhook.Secret, delivery.Id, delivery.Timestamp, delivery.Body, delivery.Signature).ShouldBeTrue();
        WebhookSignature.Verify("whsec_" + Convert.ToBase64String(new byte[32]), delivery.Id, delivery.Timestamp, delivery.Body, delivery.Signature).ShouldBeFalse();
    }

    [Fact]
    public async Task A_paused_webhook_keeps_its_deliveries_and_sends_them_in_order_when_resumed()
    {
        var (_, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("paused"), WebhookEventKind.HireRecorded);
        var paused = await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/pause", token);
        paused.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = fixture.RegionSession())
        {
            var version = (await session.Events.FetchStreamStateAsync(webhook.Id))!.Version;
            (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/pause", token)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await session.Events.FetchStreamStateAsync(webhook.Id))!.Version.ShouldBe(version, "a refused pause appends nothing");
        }

        var first = await _webhooks.HireAsync(partner);
        var second = await _webhooks.HireAsync(partner);
        await _webhooks.WaitForLogAsync(token, webhook.Id, page => page.Items.Count == 2);
        _receiver.Received("paused").ShouldBeEmpty();

        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/resume", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var received = await _receiver.WaitForAsync("paused", r => r.Count(d => d.Accepted) == 2);
        received.Select(d => d.Json.GetProperty("data").GetProperty("hireId").GetGuid()).ShouldBe([first, second]);
    }

    [Fact]
    public async Task A_deleted_webhook_is_gone_for_its_member_and_gets_nothing_more()
    {
        var (_, partner, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("deleted"), WebhookEventKind.HireRecorded);
        var kept = await _webhooks.RegisterAsync(token, _receiver.Url("kept"), WebhookEventKind.HireRecorded);

        (await _webhooks.SendAsync(HttpMethod.Delete, webhook.Url, token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _webhooks.SendAsync(HttpMethod.Get, webhook.Url, token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _webhooks.Api.GetAsync<WebhookPage>("/api/v1/webhooks", token)).Items.Select(w => w.Id).ShouldBe([kept.Id]);

        await _webhooks.HireAsync(partner);
        await _receiver.WaitForAsync("kept", r => r.Any(d => d.Accepted));
        _receiver.Received("deleted").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("http://example.com/hook")]
    [InlineData("https://10.0.0.7/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://user:secret@example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    public async Task A_webhook_to_a_private_or_insecure_target_is_refused(string url)
    {
        var (_, _, token) = await _webhooks.PartnerAsync();
        var answer = await _webhooks.SendAsync(HttpMethod.Post, "/api/v1/webhooks", token, new RegisterWebhook(url, [WebhookEventKind.HireRecorded]));
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _webhooks.Api.GetAsync<WebhookPage>("/api/v1/webhooks", token)).Items.ShouldBeEmpty();
    }
}
