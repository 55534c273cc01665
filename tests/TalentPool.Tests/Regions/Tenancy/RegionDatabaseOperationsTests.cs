using System.Diagnostics.Metrics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>The operator's view of an installation with a region on a database of its own: rebuild, projection lag and readiness cover every database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionDatabaseOperationsTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task Rebuild_rebuilds_every_database_the_lag_gauges_and_readiness_read_every_database()
    {
        var (shared, regionId) = await OperatorCommands.SeededDatabaseAsync(fixture, "regiondb_ops_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("regiondb_ops_own");
        await RegionDatabaseConsentTests.MoveAsync(shared, own, regionId);
        var sharedBefore = await OperatorCommands.ReadModelsAsync(shared);
        var ownBefore = await OperatorCommands.ReadModelsAsync(own);
        ownBefore.Values.Sum(rows => rows.Count).ShouldBeGreaterThan(100);

        var environment = OperatorCommands.EnvironmentFor(shared);
        environment[$"Regions__Databases__{regionId}"] = own;
        var (exitCode, output, errors) = await ServiceProcess.RunAsync(environment, "rebuild");

        exitCode.ShouldBe(0, errors);
        errors.ShouldContain("projection(s) of the shared database from");
        errors.ShouldContain($"projection(s) of region {regionId}'s database from");
        var result = JsonDocument.Parse(output.Trim()).RootElement;
        result.GetProperty("events").GetInt64().ShouldBeGreaterThanOrEqualTo(await ScalarAsync(own, "select count(*) from talentpool.mt_events"));
        foreach (var (before, connectionString) in new[] { (sharedBefore, shared), (ownBefore, own) })
        {
            var after = await OperatorCommands.ReadModelsAsync(connectionString);
            foreach (var (table, documents) in before) after[table].ShouldBe(documents, table);
        }

        // The lag of each database's daemon, the region's database named; readiness asks every database.
        await using var sharedSource = NpgsqlDataSource.Create(shared);
        await using var ownSource = NpgsqlDataSource.Create(own);
        var regionDatabases = new RegionDataSources(new Dictionary<Guid, NpgsqlDataSource> { [regionId] = ownSource });
        using var store = TalentPoolStores.For(shared);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var lag = new ProjectionLagGauges(sharedSource, regionDatabases, store.Options, services.GetRequiredService<IMeterFactory>(),
            new ConfigurationBuilder().Build(), NullLogger<ProjectionLagGauges>.Instance);
        await lag.SampleAsync(CancellationToken.None);
        var perDatabase = lag.Samples.GroupBy(sample => sample.Database).ToDictionary(group => group.Key ?? "shared", group => group.Count());
        perDatabase.Keys.ShouldBe(["shared", regionId.ToString()], ignoreOrder: true);
        perDatabase["shared"].ShouldBe(perDatabase[regionId.ToString()]);
        lag.Samples.Where(sample => sample.Database == regionId.ToString()).ShouldAllBe(sample => sample.EventsBehind == 0);

        (await new PostgresHealthCheck(sharedSource, regionDatabases).CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);
        await using var gone = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(own) { Database = "regiondb_no_such_database", Timeout = 3 }.ConnectionString);
        var unready = await new PostgresHealthCheck(sharedSource, new RegionDataSources(new Dictionary<Guid, NpgsqlDataSource> { [regionId] = gone }))
            .CheckHealthAsync(new HealthCheckContext());
        unready.Status.ShouldBe(HealthStatus.Unhealthy);
        unready.Description.ShouldBe($"The database of region {regionId} does not answer.");
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
