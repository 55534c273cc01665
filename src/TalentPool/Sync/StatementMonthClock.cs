using Marten;
using Marten.Exceptions;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Marten;

namespace TalentPool.Sync;

/// <summary>
/// Records that the current month began (<see cref="StatementMonthBegan"/>) in every region of every database that has not
/// recorded it yet: what makes the statements feed cover a new month. Once per region and month whoever runs it (a stream per
/// region and month: a node that finds it there appends nothing, one that loses the race to another is refused by the
/// stream's key and lets it be). Run by <see cref="StatementMonthTimer"/> on every node, never by a read.
/// </summary>
public sealed class StatementMonthClock(IDocumentStore store, TimeProvider clock)
{
    /// <summary>Records the current month where it has not begun yet; the regions it recorded it for.</summary>
    public async Task<IReadOnlyList<Guid>> BeginCurrentMonthAsync(CancellationToken cancellation)
    {
        var month = BillingMonth.Of(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var begun = new List<Guid>();
        foreach (var database in await store.Storage.AllDatabases())
        {
            // Two round trips per database: its regions, then which of them recorded the month already.
            await using var session = store.QuerySession(Marten.Services.SessionOptions.ForDatabase(database));
            var regions = await session.Query<Region>().Where(r => r.AnyTenant()).Select(r => r.Id).ToListAsync(cancellation);
            if (regions.Count == 0) continue;
            var streams = regions.ToDictionary(region => StatementMonthBegan.StreamIdFor(region, month));
            var recorded = await session.QueryAsync<Guid>(
                $"select id from {DatabaseConfiguration.SchemaName}.mt_streams where id = any(?)", cancellation, [streams.Keys.ToArray()]);
            foreach (var stream in streams.Where(stream => !recorded.Contains(stream.Key)))
            {
                if (await BeginAsync(stream.Value, stream.Key, month, cancellation)) begun.Add(stream.Value);
            }
        }
        return begun;
    }

    /// <summary>Records the current month in one region if it has not begun there yet (a region registered a moment ago, in tests).</summary>
    public async Task<bool> BeginCurrentMonthAsync(Guid region, CancellationToken cancellation)
    {
        var month = BillingMonth.Of(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var streamId = StatementMonthBegan.StreamIdFor(region, month);
        await using (var session = store.QuerySession(RegionTenancy.TenantOf(region)))
        {
            if (await session.Events.FetchStreamStateAsync(streamId, cancellation) is not null) return false;
        }
        return await BeginAsync(region, streamId, month, cancellation);
    }

    private async Task<bool> BeginAsync(Guid region, Guid streamId, BillingMonth month, CancellationToken cancellation)
    {
        try
        {
            await using var writer = store.LightweightSession(RegionTenancy.TenantOf(region));
            writer.Events.StartStream(streamId, new StatementMonthBegan(region, month));
            await writer.SaveChangesAsync(cancellation);
            return true;
        }
        catch (Exception race) when (race is ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            return false; // another node recorded it first
        }
    }
}

/// <summary>
/// Runs <see cref="StatementMonthClock"/> every <see cref="Interval"/> on each node: a new month is covered
/// within a minute of its first moment (statements never depend on today, only the months a mirror holds do).
/// </summary>
public sealed class StatementMonthTimer(StatementMonthClock months, IConfiguration configuration, ILogger<StatementMonthTimer> logger) : BackgroundService
{
    public const string IntervalSetting = "Sync:MonthBeganInterval";

    private TimeSpan Interval => configuration.GetValue(IntervalSetting, TimeSpan.FromMinutes(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not at start: a node started in a month already begun has nothing to record, and a new month waits one interval at most.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var begun = await months.BeginCurrentMonthAsync(stoppingToken);
                if (begun.Count > 0) logger.LogInformation("Statements feed: a new month began in {Regions} region(s)", begun.Count);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The database away, most likely (or not migrated yet at the very start): the next tick tries again.
                logger.LogWarning(failure, "Recording the month's beginning failed; trying again in {Interval}", Interval);
            }
        }
    }
}

public static class StatementMonthTimerConfiguration
{
    public static void AddStatementMonthTimer(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatementMonthClock>();
        builder.Services.AddHostedService<StatementMonthTimer>();
        // The facts changing a county rate, carried to the regions of the other databases (nothing with one database).
        builder.Services.SubscribeToEventsWithServices<CountyRateRelay>(ServiceLifetime.Singleton);
    }
}
