using System.Net;
using System.Security.Cryptography;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>The service run as a process stops within its bound when asked, even while its database is unreachable.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ShutdownTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task A_SIGTERM_during_a_database_outage_ends_the_process_within_its_bound()
    {
        var direct = new NpgsqlConnectionStringBuilder(await fixture.Postgres.CreateDatabaseAsync("talentpool_shutdown"));
        await using var proxy = new TcpProxy(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__TalentPool"] = throughProxy.ConnectionString,
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}",
        });
        using var client = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(20) };
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);

        proxy.Cut();
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        (await service.TerminateAsync(BoundedShutdown.HardLimit + TimeSpan.FromSeconds(10)))
            .ShouldBeTrue($"the service was still running {BoundedShutdown.HardLimit.TotalSeconds + 10} s after SIGTERM");
    }
}
