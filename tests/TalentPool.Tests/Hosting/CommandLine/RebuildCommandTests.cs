using System.Text.Json;
using Npgsql;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting.CommandLine;

/// <summary><c>rebuild [-p Name]</c>: Marten's rebuild of every projection, progress on stderr, one JSON line on stdout.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RebuildCommandTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task A_rebuild_of_every_projection_reports_its_progress_on_stderr_its_result_on_stdout_and_gives_the_same_read_models()
    {
        var (connectionString, _) = await OperatorCommands.SeededDatabaseAsync(fixture, "rebuild_command");
        var before = await OperatorCommands.ReadModelsAsync(connectionString);

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(connectionString, "rebuild");

        exitCode.ShouldBe(0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, $"stdout was: {output}");
        var result = JsonDocument.Parse(lines[0]).RootElement;
        var rebuilt = result.GetProperty("rebuilt").EnumerateArray().Select(p => p.GetString()).ToList();
        rebuilt.ShouldContain("RegionHiresPerMonth");
        rebuilt.ShouldContain("SharedTalent");
        result.GetProperty("projections").GetInt32().ShouldBe(rebuilt.Count);
        result.GetProperty("events").GetInt64().ShouldBe(await LatestSequenceAsync(connectionString));
        result.GetProperty("seconds").GetDouble().ShouldBeGreaterThan(0);
        errors.ShouldContain($"Rebuilding {rebuilt.Count} projection(s) from {result.GetProperty("events").GetInt64():N0} events");
        foreach (var projection in rebuilt) errors.ShouldContain($"{projection}: rebuilt from ");
        errors.ShouldContain("events/s");

        var after = await OperatorCommands.ReadModelsAsync(connectionString);
        after.Keys.ShouldBe(before.Keys, ignoreOrder: true);
        foreach (var (table, documents) in before) after[table].ShouldBe(documents, table);
    }

    [Fact]
    public async Task A_rebuild_of_an_unknown_projection_names_the_known_ones_on_stderr_prints_nothing_and_exits_1()
    {
        var (exitCode, output, errors) = await OperatorCommands.RunAsync(OperatorCommands.ConnectionStringOf(fixture), "rebuild", "-p", "NoSuchProjection");

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("No projection 'NoSuchProjection'. Projections: ");
        errors.ShouldContain("RegionHiresPerMonth");
    }

    private static async Task<long> LatestSequenceAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from talentpool.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
