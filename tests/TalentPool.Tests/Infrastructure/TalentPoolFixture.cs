using System.Security.Cryptography;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
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
    private TokenIssuer Tokens => Host.Services.GetRequiredService<TokenIssuer>();

    public async Task InitializeAsync()
    {
        Postgres = await TestPostgres.StartAsync();
        var connectionString = await Postgres.CreateDatabaseAsync("talentpool_http");
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Host = await AlbaHost.For<Program>(host =>
        {
            host.UseSetting("ConnectionStrings:TalentPool", connectionString);
            host.UseSetting("Auth:SigningKey", signingKey);
            host.UseSetting("RateLimits:RegistrationsPerMinute", RegistrationsPerMinute.ToString());
            // Webhook tests receive on loopback and wait for retries: short waits, dead-lettered after the 4th failure.
            host.UseSetting("Webhooks:AllowLoopbackTargets", "true");
            host.UseSetting("Webhooks:RetryDelays", WebhookRetryDelays);
            host.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    public string TokenFor(string role, Guid? id = null) => Tokens.Issue(role, id);

    public string AdminToken() => TokenFor(Roles.Admin);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<TalentPoolFixture>
{
    public const string Name = "postgres";
}
