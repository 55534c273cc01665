using System.Globalization;

namespace TalentPool.Webhooks;

/// <summary>
/// How deliveries are sent (configuration section <c>Webhooks</c>): the waits between attempts (<c>RetryDelays</c>, comma
/// separated, e.g. <c>00:00:05,00:00:30</c>; a delivery is dead-lettered after <c>RetryDelays + 1</c> failed attempts in a
/// row), each attempt's timeout, how long the previous secret keeps signing after a rotation, and whether loopback and plain
/// http targets are allowed (Development and tests only; never a private network address).
/// </summary>
public sealed record WebhookOptions(IReadOnlyList<TimeSpan> RetryDelays, TimeSpan AttemptTimeout, TimeSpan RotationOverlap, bool AllowLoopbackTargets)
{
    public const string Section = "Webhooks";

    /// <summary>About 8 hours of retries: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [.. new[] { 5, 30, 120, 600, 1800, 3600, 7200, 14400 }.Select(seconds => TimeSpan.FromSeconds(seconds))];

    public int MaxAttempts => RetryDelays.Count + 1;

    /// <summary>How often each node runs the delivery sweep (<see cref="WebhookDeliverySweep"/>).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a subscription's next delivery may be due with nothing sending it before the sweep wakes the subscription: longer
    /// than the delivery handler's own retries of the service's failures take to begin (1 s, 10 s, 1 min …), so a live message
    /// is rarely doubled.
    /// </summary>
    public TimeSpan SweepAfter { get; init; } = TimeSpan.FromMinutes(5);

    public static WebhookOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var delays = section["RetryDelays"] is { Length: > 0 } configured
            ? configured.Split(',').Select(delay => TimeSpan.Parse(delay.Trim(), CultureInfo.InvariantCulture)).ToList()
            : DefaultRetryDelays;
        return new WebhookOptions(
            delays,
            section.GetValue("AttemptTimeout", TimeSpan.FromSeconds(10)),
            section.GetValue("RotationOverlap", TimeSpan.FromHours(24)),
            section.GetValue("AllowLoopbackTargets", environment.IsDevelopment()))
        {
            SweepInterval = section.GetValue("SweepInterval", TimeSpan.FromMinutes(1)),
            SweepAfter = section.GetValue("SweepAfter", TimeSpan.FromMinutes(5)),
        };
    }
}
