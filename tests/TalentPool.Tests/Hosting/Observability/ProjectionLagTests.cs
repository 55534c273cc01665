using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>The projection lag read from the daemon's progression, on a store whose daemon runs only when the test says.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ProjectionLagTests(TalentPoolFixture fixture)
{
    private sealed record LagProbe(int Number);

    [Fact]
    public async Task Each_async_projection_lags_by_the_events_it_has_not_processed_and_the_age_of_the_oldest_then_by_0_once_caught_up()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("talentpool_lag");
        using var store = TalentPoolStores.For(connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(Guid.NewGuid(), new LagProbe(1), new LagProbe(2), new LagProbe(3));
            await session.SaveChangesAsync();
        }
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var lag = new ProjectionLagGauges(dataSource, new RegionDataSources(new Dictionary<Guid, Npgsql.NpgsqlDataSource>()), store.Options, services.GetRequiredService<IMeterFactory>(),
            new ConfigurationBuilder().Build(), NullLogger<ProjectionLagGauges>.Instance);

        await lag.SampleAsync(CancellationToken.None);

        var asyncProjections = store.Options.Projections.AllShards().Select(shard => shard.Name.Name).ToList();
        lag.Samples.Select(sample => sample.Projection).ShouldBe(asyncProjections, ignoreOrder: true);
        lag.Samples.ShouldAllBe(sample => sample.EventsBehind == 3 && sample.SecondsBehind > 0);

        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));
            await daemon.StopAllAsync();
        }
        await lag.SampleAsync(CancellationToken.None);

        lag.Samples.Count.ShouldBe(asyncProjections.Count);
        lag.Samples.ShouldAllBe(sample => sample.EventsBehind == 0 && sample.SecondsBehind == 0);
    }
}
