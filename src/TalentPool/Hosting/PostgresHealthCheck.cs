using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TalentPool.Hosting;

/// <summary>Ready only while PostgreSQL answers: the shared database and every region's database of its own.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, RegionDataSources regionDatabases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        foreach (var (name, database) in regionDatabases.WithShared(dataSource))
        {
            try
            {
                await using var command = database.CreateCommand("select 1");
                await command.ExecuteScalarAsync(cancellation);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy(name == "shared" ? "PostgreSQL does not answer." : $"The database of region {name} does not answer.", e);
            }
        }
        return HealthCheckResult.Healthy("PostgreSQL answers.");
    }
}
