using Marten;

namespace TalentPool.Hosting;

/// <summary>
/// How soon the async daemon notices new events. Its high-water agent looks for newly committed events every
/// <c>FastPollingTime</c> after it found some and every <c>SlowPollingTime</c> after it found none (Marten: 250 ms and
/// 1 s), and the projections move only when it has seen them: a write answered just after a look waited for the next one.
/// Measured with `--scenario lag` (tests/TalentPool.Benchmarks, README Benchmarks): with Marten's defaults a write at half
/// the maximum mixed rate waited p50 0.58 s, p95 1.09 s until every async projection had processed it. Looking every
/// 100 ms (250 ms when idle) costs one small query on the event table's primary key per look and node.
/// </summary>
public static class ProjectionDaemonPolling
{
    public static void PollForNewEventsOften(this StoreOptions options)
    {
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
    }
}
