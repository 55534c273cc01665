using System.Diagnostics;
using Marten;

using TalentPool.Hosting;

namespace TalentPool.Seeding;

/// <summary>What a seeding appended, and how long it took.</summary>
public sealed record DemoDataSummary(
    int Seed, int Talents, int Years, int Activity, DateOnly From, DateOnly Until, Guid RegionId, long Streams, long Events, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? Math.Round(Events / Seconds) : 0;
}

/// <summary>
/// Appends a <see cref="DemoHistory"/> through the store itself, many whole streams per transaction: the inline
/// projections run as they run behind the API, in the same transactions, so the documents the API reads are made with the
/// events; the async projections are the daemon's to build (or rebuild) afterwards. Streams are appended in the
/// generator's order, one transaction after another, so one plan gives the same events in the same order.
/// </summary>
public static class DemoDataSeeder
{
    public const string SeededBy = "demo-seed";

    public static async Task<DemoDataSummary> SeedAsync(
        IDocumentStore store, DemoDataPlan plan, Action<string>? progress = null, int eventsPerTransaction = 4_000,
        CancellationToken cancellation = default)
    {
        var history = new DemoHistory(plan);
        var clock = Stopwatch.StartNew();
        long streams = 0, events = 0, pending = 0;
        var lastReport = TimeSpan.Zero;
        var session = Open(store, plan, history.RegionId);
        try
        {
            foreach (var stream in history.Streams())
            {
                session.ForTenant(stream.TenantIn(history.RegionId)).Events.StartStream(stream.Aggregate, stream.Id, [.. stream.Events]);
                streams++;
                pending += stream.Events.Count;
                if (pending < eventsPerTransaction) continue;

                await session.SaveChangesAsync(cancellation);
                await session.DisposeAsync();
                events += pending;
                pending = 0;
                session = Open(store, plan, history.RegionId);
                if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
                {
                    lastReport = clock.Elapsed;
                    progress($"{events:N0} events in {streams:N0} streams, {events / clock.Elapsed.TotalSeconds:N0} events/s");
                }
            }
            await session.SaveChangesAsync(cancellation);
            events += pending;
        }
        finally
        {
            await session.DisposeAsync();
        }
        return new DemoDataSummary(plan.Seed, plan.Talents, plan.Years, plan.Activity, plan.From, plan.Until, history.RegionId, streams, events,
            Math.Round(clock.Elapsed.TotalSeconds, 1));
    }

    private static IDocumentSession Open(IDocumentStore store, DemoDataPlan plan, Guid regionId)
    {
        var session = store.LightweightSession(RegionTenancy.TenantOf(regionId));
        session.LastModifiedBy = SeededBy;
        session.CorrelationId = $"{SeededBy}:{plan.Seed}";
        return session;
    }
}
