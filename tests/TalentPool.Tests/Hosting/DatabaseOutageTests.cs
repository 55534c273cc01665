using TalentPool.Tests.Hosting.Crashes;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using Wolverine;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// A service host of its own reaches PostgreSQL through a proxy the test can cut: while the database is away,
/// every request is a 503 problem with Retry-After and readiness fails; when it is back, the service serves
/// again by itself.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task While_PostgreSQL_is_unreachable_requests_are_503s_with_Retry_After_and_the_service_recovers_by_itself()
    {
        var direct = new NpgsqlConnectionStringBuilder(await fixture.Postgres.CreateDatabaseAsync("talentpool_outage"));
        await using var proxy = new TcpProxy(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };

        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:TalentPool", throughProxy.ConnectionString);
            builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        // A hung request, rather than a fast answer, fails the test through this timeout.
        using var client = host.Server.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(20);
        client.DefaultRequestHeaders.Authorization = new("Bearer", host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, null));
        // The installation's administrator registers a region, which the client names from then on (WriteLoad).
        await WriteLoad.ArrangeRegionAsync(client, host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, null), DateOnly.FromDateTime(DateTime.UtcNow));

        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/vacancies")).StatusCode.ShouldBe(HttpStatusCode.OK);

        proxy.Cut();
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("/api/v1/vacancies"),
            () => client.PostAsJsonAsync("/api/v1/talents", TalentRequests.Registration(), Json.Options),
            () => client.GetAsync($"/api/v1/regions/{Guid.NewGuid()}"),
        })
        {
            var response = await request();
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, response.RequestMessage!.RequestUri!.ToString());
            response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(TalentPool.Hosting.DatabaseUnavailableExceptionHandler.RetryAfterSeconds));
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadAsStringAsync()).ShouldContain("rfc9110#section-15.6.4");
        }
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        proxy.Restore();
        await WaitUntilReady(client);
        (await client.PostAsJsonAsync("/api/v1/talents", TalentRequests.Registration(), Json.Options)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>Readiness is the real condition; it is asked again until it holds, for at most 20 seconds.</summary>
    private static async Task WaitUntilReady(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the service did not become ready again after PostgreSQL came back");
            await Task.Delay(100);
        }
    }
}
