using System.Security.Cryptography;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// The service started as a process, as <c>dotnet run</c> starts it: it listens where ASP.NET Core's own settings say,
/// and its first screen is the ready line.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ListenAddressTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task ASPNETCORE_URLS_decides_where_the_service_listens()
    {
        var address = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}";
        var environment = await EnvironmentAsync();
        environment["ASPNETCORE_URLS"] = address;

        await using var service = await ServiceProcess.StartAsync(environment);

        service.Address.ShouldBe(new Uri(address));
        await ShouldBeLiveAsync(service);
    }

    [Fact]
    public async Task The_urls_flag_decides_where_the_service_listens()
    {
        var address = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}";

        await using var service = await ServiceProcess.StartAsync(await EnvironmentAsync(), "--urls", address);

        service.Address.ShouldBe(new Uri(address));
        await ShouldBeLiveAsync(service);
    }

    [Fact]
    public async Task The_first_screen_is_the_ready_line_with_no_warnings_and_no_command_discovery()
    {
        var environment = await EnvironmentAsync();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}";

        await using var service = await ServiceProcess.StartAsync(environment);

        service.FirstScreen[^1].ShouldStartWith(ServiceProcess.ReadyLine);
        service.FirstScreen.ShouldNotContain(line => line.Contains("Searching"), string.Join('\n', service.FirstScreen));
        service.FirstScreen
            .Where(line => line.StartsWith("dbug:") || line.StartsWith("trce:") || line.StartsWith("warn:") || line.StartsWith("fail:") || line.StartsWith("crit:"))
            .ShouldBeEmpty(string.Join('\n', service.FirstScreen));
    }

    private static async Task ShouldBeLiveAsync(ServiceProcess service)
    {
        using var client = new HttpClient { BaseAddress = service.Address };
        (await client.GetStringAsync("/health/live")).ShouldBe("Healthy");
    }

    // As `dotnet run` starts it (Development), on a database of its own.
    private async Task<Dictionary<string, string>> EnvironmentAsync() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["ConnectionStrings__TalentPool"] = await fixture.Postgres.CreateDatabaseAsync("talentpool_process"),
    };
}
