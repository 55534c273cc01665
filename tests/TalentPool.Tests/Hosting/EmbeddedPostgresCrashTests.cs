using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Hosting.Crashes;
using TalentPool.Auth;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using Wolverine;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// The run command's own PostgreSQL must not lose a write it acknowledged: PostgreSQL is crashed (stopped
/// immediately, as a power cut would leave it) while registrations pour in, restarted, and every registration
/// that was answered 201 must be there — and the service must take writes again without being touched.
/// </summary>
public sealed class EmbeddedPostgresCrashTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"talentpool-crash-{Guid.NewGuid():N}");

    [Fact]
    public async Task Every_registration_answered_201_survives_a_crash_of_the_embedded_PostgreSQL_under_write_load()
    {
        var port = LocalPostgresCluster.FreePort();
        var cluster = LocalPostgresCluster.Start(_folder, port, _ => { }); // the run command's default: durable
        var connectionString = new NpgsqlConnectionStringBuilder(await cluster.EnsureDatabaseAsync("talentpool")) { Timeout = 3 }.ConnectionString;

        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:TalentPool", connectionString);
            builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("RateLimits:RegistrationsPerMinute", "1000000");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
        using var client = host.Server.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(20);
        // Talents register in a region: the installation's administrator registers one, and the client names it (WriteLoad).
        var admin = host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, null);
        await WriteLoad.ArrangeRegionAsync(client, admin, DateOnly.FromDateTime(DateTime.UtcNow));

        var acknowledged = new ConcurrentBag<Guid>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var response = await client.PostAsJsonAsync("/api/v1/talents", TalentRequests.Registration(), Json.Options);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                    }
                }
                catch (HttpRequestException)
                {
                    // Refused while PostgreSQL is down: not acknowledged, so not owed.
                }
            }
        })).ToArray();

        await Until(() => acknowledged.Count >= 150);
        cluster.Crash();
        var atCrash = acknowledged.Count;
        var restarted = LocalPostgresCluster.Start(_folder, port, _ => { });
        await Until(() => acknowledged.Count >= atCrash + 50); // writes are taken again, by themselves
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var ids = acknowledged.ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {DatabaseConfiguration.SchemaName}.mt_streams where id = any(@ids)", connection);
        count.Parameters.AddWithValue("ids", ids);
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(ids.Length, $"{ids.Length} registrations were answered 201");
        restarted.Stop();
    }

    /// <summary>Waits for the real condition, asking again every few milliseconds, for at most a minute.</summary>
    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
