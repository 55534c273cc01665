using TalentPool.Regions;
using System.Security.Cryptography;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Auth;
using Wolverine;

namespace TalentPool.Tests.Infrastructure;

/// <summary>A clock a test moves by hand. Reads and writes of the service see its time; nothing else does.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void MoveTo(DateTimeOffset now) => _now = now;
}

/// <summary>
/// The whole service on a database of its own, with a <see cref="ManualClock"/> in place of the system clock: for
/// tests where only time passes. Separate from <see cref="TalentPoolFixture"/>'s host, so moving this clock never
/// changes what other tests see. Tokens are minted on the system clock, as the token validation reads that one.
/// </summary>
public sealed class ClockedTalentPool : IAsyncDisposable
{
    private ClockedTalentPool(IAlbaHost host, ManualClock clock, TestRegions regions, string connectionString)
    {
        Host = host;
        Clock = clock;
        Regions = regions;
        ConnectionString = connectionString;
    }

    /// <summary>The pool's own database: a pool started again on it (<see cref="StartAsync"/>) is the service restarted.</summary>
    public string ConnectionString { get; }

    public TestRegions Regions { get; }

    public IAlbaHost Host { get; }
    public ManualClock Clock { get; }
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>A session of the region the test registered last (<see cref="TestRegions"/>).</summary>
    public IQuerySession RegionSession(Guid? regionId = null) => Regions.QuerySession(Store, regionId);

    public IDocumentSession RegionWriteSession(Guid? regionId = null) => Regions.LightweightSession(Store, regionId);

    /// <param name="connectionString">A database an earlier pool used (a restart); by default a new one.</param>
    /// <param name="regionDatabases">Regions in databases of their own (<c>Regions:Databases:&lt;id&gt;</c>), by region id.</param>
    public static async Task<ClockedTalentPool> StartAsync(
        TalentPoolFixture fixture, DateTimeOffset start, string? connectionString = null, IReadOnlyDictionary<Guid, string>? regionDatabases = null)
    {
        connectionString ??= await fixture.Postgres.CreateDatabaseAsync("talentpool_clocked");
        var clock = new ManualClock(start);
        TestRegions regions = null!;
        var host = await AlbaHost.For<Program>(host =>
        {
            host.UseSetting("ConnectionStrings:TalentPool", connectionString);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            // The month's beginning (statements feed) is recorded when a test moves the clock and says so: BeginMonthAsync.
            host.UseSetting(TalentPool.Sync.StatementMonthTimer.IntervalSetting, "1.00:00:00");
            host.UseSetting("Webhooks:AllowLoopbackTargets", "true");
            foreach (var (region, database) in regionDatabases ?? new Dictionary<Guid, string>())
            {
                host.UseSetting($"{TalentPool.Hosting.RegionDatabases.ConfigurationSection}:{region}", database);
            }
            host.ConfigureTestServices(services =>
            {
                services.RunWolverineInSoloMode();
                regions = TestRegions.AddTo(services, connectionString, [.. (regionDatabases ?? new Dictionary<Guid, string>()).Values]);
                services.DisableAllExternalWolverineTransports();
                TestReadModelWaits.AddTo(services);
                services.AddSingleton<TimeProvider>(clock);
            });
        });
        return new ClockedTalentPool(host, clock, regions, connectionString);
    }

    /// <summary>A pool with one region registered (its talents register there), for tests of talents alone.</summary>
    public static async Task<ClockedTalentPool> StartWithRegionAsync(TalentPoolFixture fixture, DateTimeOffset start)
    {
        var pool = await StartAsync(fixture, start);
        var number = Api.UniqueNumber();
        var county = await pool.PostAsync("/api/v1/counties", new RegisterCounty($"County {Guid.NewGuid():N}", "NO", [number]));
        await pool.PostAsync("/api/v1/regions", new RegisterRegion($"Region {Guid.NewGuid():N}", county, "NO", "NOK", [number]));
        return pool;
    }

    private async Task<Guid> PostAsync(string url, object body)
    {
        var result = await Host.Scenario(s =>
        {
            s.As(TokenFor(Roles.Admin)).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    public string TokenFor(string role, Guid? id = null, Guid? regionId = null) =>
        Regions.TokenFor(new TokenIssuer(Host.Services.GetRequiredService<SymmetricSecurityKey>(), TimeProvider.System), role, id, regionId);

    /// <summary>What each node's timer does every minute: records that the clock's month began in every region not yet told.</summary>
    public Task<IReadOnlyList<Guid>> BeginMonthAsync() =>
        Host.Services.GetRequiredService<TalentPool.Sync.StatementMonthClock>().BeginCurrentMonthAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
