using TalentPool.Common;
using TalentPool.Vacancies;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>Subscriptions' rules and what an attempt does to a delivery: pure, no database.</summary>
public sealed class WebhookDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly WebhookOptions Options = new([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)], TimeSpan.FromSeconds(10), TimeSpan.FromHours(24), false);

    private static WebhookSubscription Subscription(WebhookStatus status = WebhookStatus.Active) =>
        WebhookSubscription.Create(new WebhookRegistered(Guid.NewGuid(), EmployerKind.Partner, Guid.NewGuid(), "https://hooks.example.com", [WebhookEventKind.HireRecorded], "sealed", Now))
        with { Status = status };

    private static WebhookDelivery Delivery() => new() { Id = Guid.NewGuid(), Status = WebhookDeliveryStatus.Pending };

    private static WebhookAttempt Failed(DateTimeOffset at) => new(at, 503, "HTTP 503", 12);

    [Fact]
    public void Given_a_member_with_ten_webhooks_When_registering_another_Then_refused()
    {
        var command = new RegisterWebhook(" https://hooks.example.com ", [WebhookEventKind.HireRecorded, WebhookEventKind.HireRecorded]);
        Should.Throw<RuleViolation>(() => WebhookDecisions.Register(command, EmployerKind.Partner, Guid.NewGuid(), 10, "sealed", Now));

        var registered = WebhookDecisions.Register(command, EmployerKind.Partner, Guid.NewGuid(), 9, "sealed", Now);
        registered.Url.ShouldBe("https://hooks.example.com");
        registered.EventKinds.ShouldBe([WebhookEventKind.HireRecorded]);
    }

    [Fact]
    public void Given_a_paused_webhook_When_pausing_again_Then_refused_and_when_resuming_Then_active_again()
    {
        var paused = Subscription().Apply(WebhookDecisions.Pause(Subscription(), Now));
        paused.Status.ShouldBe(WebhookStatus.Paused);
        Should.Throw<RuleViolation>(() => WebhookDecisions.Pause(paused, Now));
        Should.Throw<RuleViolation>(() => WebhookDecisions.Resume(Subscription(), Now));
        paused.Apply(WebhookDecisions.Resume(paused, Now)).Status.ShouldBe(WebhookStatus.Active);
    }

    [Fact]
    public void Given_a_rotation_Then_the_new_secret_signs_and_the_previous_one_until_the_overlap_ends()
    {
        var subscription = Subscription();
        var rotated = subscription.Apply(WebhookDecisions.RotateSecret(subscription, "new", Now, TimeSpan.FromHours(24)));

        rotated.EncryptedSecret.ShouldBe("new");
        rotated.PreviousEncryptedSecret.ShouldBe("sealed");
        rotated.PreviousValidUntil.ShouldBe(Now.AddHours(24));
        rotated.SecretRotatedAt.ShouldBe(Now);
    }

    [Fact]
    public void A_failed_attempt_is_retried_after_each_delay_in_turn_and_dead_lettered_after_the_last()
    {
        var delivery = Delivery();

        WebhookDeliveryDecisions.Record(delivery, Failed(Now), Options);
        delivery.ShouldSatisfyAllConditions(() => delivery.Status.ShouldBe(WebhookDeliveryStatus.Retrying), () => delivery.NextAttemptAt.ShouldBe(Now.AddSeconds(5)));
        WebhookDeliveryDecisions.Record(delivery, Failed(Now.AddSeconds(5)), Options);
        delivery.NextAttemptAt.ShouldBe(Now.AddSeconds(35));
        WebhookDeliveryDecisions.Record(delivery, Failed(Now.AddSeconds(35)), Options);

        delivery.Status.ShouldBe(WebhookDeliveryStatus.DeadLettered);
        delivery.NextAttemptAt.ShouldBeNull();
        delivery.Attempts.Count.ShouldBe(Options.MaxAttempts);
    }

    [Fact]
    public void A_2xx_delivers_and_anything_else_fails()
    {
        var delivered = Delivery();
        WebhookDeliveryDecisions.Record(delivered, new WebhookAttempt(Now, 204, null, 3), Options);
        delivered.ShouldSatisfyAllConditions(() => delivered.Status.ShouldBe(WebhookDeliveryStatus.Delivered), () => delivered.DeliveredAt.ShouldBe(Now));

        foreach (var failure in new WebhookAttempt[] { new(Now, 302, "HTTP 302", 1), new(Now, 400, "HTTP 400", 1), new(Now, null, "Timed out.", 10_000) })
        {
            var delivery = Delivery();
            WebhookDeliveryDecisions.Record(delivery, failure, Options);
            delivery.Status.ShouldBe(WebhookDeliveryStatus.Retrying);
        }
    }

    [Fact]
    public void A_dead_lettered_or_delivered_delivery_is_replayed_afresh_and_a_queued_one_is_refused()
    {
        var dead = Delivery();
        for (var i = 0; i < Options.MaxAttempts; i++) WebhookDeliveryDecisions.Record(dead, Failed(Now), Options);

        WebhookDeliveryDecisions.Replay(dead);

        dead.ShouldSatisfyAllConditions(
            () => dead.Status.ShouldBe(WebhookDeliveryStatus.Pending),
            () => dead.FailuresInARow.ShouldBe(0),
            () => dead.Attempts.Count.ShouldBe(Options.MaxAttempts, "the history stays"));
        Should.Throw<RuleViolation>(() => WebhookDeliveryDecisions.Replay(dead));
    }
}
