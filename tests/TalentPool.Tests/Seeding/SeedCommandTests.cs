using TalentPool.Hosting;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Seeding;

/// <summary><c>seed --seed 42 --talents …</c>: the service's command line appends the history and prints only its result.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SeedCommandTests(TalentPoolFixture fixture)
{
    private Dictionary<string, string> EnvironmentFor(string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["ConnectionStrings__TalentPool"] = connectionString,
    };

    [Fact]
    public async Task The_seed_command_appends_the_history_and_prints_one_json_line_with_what_it_appended()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("seed_command");

        var (exitCode, output, errors) = await ServiceProcess.RunAsync(EnvironmentFor(connectionString),
            "seed", "--seed", "3", "--talents", "150", "--years", "1", "--until", "2026-11-25");

        exitCode.ShouldBe(0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, $"stdout was: {output}");
        var result = JsonDocument.Parse(lines[0]).RootElement;
        result.GetProperty("seed").GetInt32().ShouldBe(3);
        result.GetProperty("until").GetString().ShouldBe("2026-11-25");
        await using var store = TalentPoolStores.For(connectionString);
        // The region's events and documents are in its tenant; the county and its number claims in the installation's.
        await using var session = store.QuerySession(RegionTenancy.TenantOf(result.GetProperty("regionId").GetGuid()));
        (await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).CountAsync()).ShouldBe(result.GetProperty("events").GetInt32());
        (await session.Query<Talent>().CountAsync()).ShouldBe(150);
    }

    [Fact]
    public async Task The_seed_is_sized_by_members_as_well_as_talents_and_years()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("seed_command_members");

        var (exitCode, output, errors) = await ServiceProcess.RunAsync(EnvironmentFor(connectionString),
            "seed", "--seed", "5", "--talents", "120", "--members", "9", "--years", "1", "--until", "2026-11-25");

        exitCode.ShouldBe(0, errors);
        var seeded = JsonDocument.Parse(output).RootElement;
        seeded.GetProperty("members").GetInt32().ShouldBe(9);
        await using var store = TalentPoolStores.For(connectionString);
        await using var session = store.QuerySession(RegionTenancy.TenantOf(seeded.GetProperty("regionId").GetGuid()));
        (await session.Query<TalentPool.Partners.Partner>().CountAsync()).ShouldBe(9);
        // Not a terminal: progress as plain lines, never a bar's control sequences.
        errors.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task A_seed_that_cannot_run_leaves_stdout_empty_says_why_and_exits_non_zero()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("seed_command_refused");

        var (exitCode, output, errors) = await ServiceProcess.RunAsync(EnvironmentFor(connectionString), "seed", "--talents", "0");

        exitCode.ShouldNotBe(0);
        output.ShouldBeEmpty();
        errors.ShouldContain("--talents must be 1 to 20,000,000.");
    }
}
