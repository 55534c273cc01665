using System.Security.Cryptography;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using Wolverine;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// Started once per test run: the PostgreSQL server and the whole service on top of it, through
/// its real HTTP pipeline, real JSON and real JWT validation. Tests isolate their data by creating
/// their own talents; tests that need an empty store create their own database.
/// </summary>
public sealed class TalentPoolFixture : IAsyncLifetime
{
    public const int RegistrationsPerMinute = 5;
    public const string WebhookRetryDelays = "00:00:00.200,00:00:00.400,00:00:00.800";

    public TestPostgres Postgres { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>A session of the region the test registered last (<see cref="TestRegions"/>).</summary>
    public IQuerySession RegionSession(Guid? regionId = null) => Regions.QuerySession(Store, regionId);

    public IDocumentSession RegionWriteSession(Guid? regionId = null) => Regions.LightweightSession(Store, regionId);
    public TestRegions Regions { get; private set; } = null!;
    private TokenIssuer Tokens => Host.Services.GetRequiredService<TokenIssuer>();

    public async Task InitializeAsync()
    {
        Postgres = await TestPostgres.StartAsync();
        var connectionString = await Postgres.CreateDatabaseAsync("talentpool_http");
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        TestRegions regions = null!;

        Host = await AlbaHost.For<Program>(host =>
        {
            host.UseSetting("ConnectionStrings:TalentPool", connectionString);
            host.UseSetting("Auth:SigningKey", signingKey);
            host.UseSetting("RateLimits:RegistrationsPerMinute", RegistrationsPerMinute.ToString());
            // Webhook tests receive on loopback and wait for retries: short waits, dead-lettered after the 4th failure.
            host.UseSetting("Webhooks:AllowLoopbackTargets", "true");
            host.UseSetting("Webhooks:RetryDelays", WebhookRetryDelays);
            // The delivery sweep runs when a test calls it (WebhookSweepTests), not on a timer that could race the test.
            host.UseSetting("Webhooks:SweepInterval", "1.00:00:00");
            // Likewise the month's beginning for the statements feed (StatementMonthClock): tests record it when they need it.
            host.UseSetting(TalentPool.Sync.StatementMonthTimer.IntervalSetting, "1.00:00:00");
            host.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                regions = TestRegions.AddTo(services, connectionString);
                services.DisableAllExternalWolverineTransports();
            });
            // After the service's own registrations: replaces its ReadModelProgress.
            host.ConfigureTestServices(TestReadModelWaits.AddTo);
        });
        Regions = regions;
        // A region from the start, as in any installation that serves: the talents of a test that registers no region of
        // its own register there.
        await new Api(this).RegionAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>A token of the role (<see cref="TestRegions"/>: in its stream's region, a recruiter in the latest region).</summary>
    public string TokenFor(string role, Guid? id = null, Guid? regionId = null) => Regions.TokenFor(Tokens, role, id, regionId);

    /// <summary>The installation's administrator, or a region's admin when a region is named.</summary>
    public string AdminToken(Guid? regionId = null) => TokenFor(Roles.Admin, regionId: regionId);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<TalentPoolFixture>
{
    public const string Name = "postgres";
}
