using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using Wolverine;

namespace TalentPool.Tests.Infrastructure;

/// <summary>The operator's commands run as processes (<see cref="ServiceProcess"/>) on a database of a test's choosing.</summary>
public static class OperatorCommands
{
    public const string SeededUntil = "2026-11-25";

    public static Dictionary<string, string> EnvironmentFor(string connectionString) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["ConnectionStrings__TalentPool"] = connectionString,
    };

    public static Task<(int ExitCode, string Output, string Errors)> RunAsync(string connectionString, params string[] args) =>
        ServiceProcess.RunAsync(EnvironmentFor(connectionString), args);

    /// <summary>The shared fixture's database: for commands whose data tests keep apart themselves (unique e-mail addresses).</summary>
    public static string ConnectionStringOf(TalentPoolFixture fixture) =>
        fixture.Host.Services.GetRequiredService<IConfiguration>().GetConnectionString("TalentPool")!;

    /// <summary>A database of its own with a small seeded region, its async read models caught up; the region's id.</summary>
    public static async Task<(string ConnectionString, Guid RegionId)> SeededDatabaseAsync(TalentPoolFixture fixture, string prefix)
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync(prefix);
        var (exitCode, output, errors) = await RunAsync(connectionString,
            "seed", "--seed", "11", "--talents", "150", "--members", "6", "--years", "2", "--until", SeededUntil, "--catch-up");
        exitCode.ShouldBe(0, errors);
        return (connectionString, JsonDocument.Parse(output).RootElement.GetProperty("regionId").GetGuid());
    }

    /// <summary>The service on that database, to compare a command's files with what the API answers.</summary>
    public static Task<IAlbaHost> ServiceOnAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null) => AlbaHost.For<Program>(host =>
    {
        host.UseSetting("ConnectionStrings:TalentPool", connectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) host.UseSetting(key, value);
        host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        host.ConfigureServices(services =>
        {
            services.RunWolverineInSoloMode();
            services.DisableAllExternalWolverineTransports();
        });
    });

    public static string AdminTokenOf(IAlbaHost host) => host.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Admin, null);

    /// <summary>Every read model document of the database, table by table, ordered: to compare two states of the read side.</summary>
    public static async Task<Dictionary<string, List<string>>> ReadModelsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'talentpool' and table_name like 'mt_doc_%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var documents = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"select id::text || ' ' || data::text from talentpool.{table} order by id", connection);
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            documents[table] = rows;
        }
        return documents;
    }
}
