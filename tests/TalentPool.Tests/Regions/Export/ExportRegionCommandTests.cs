using System.Globalization;
using System.Text;
using System.Text.Json;
using Alba;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions.Export;

/// <summary>
/// <c>export {regionId} --out dir --from --to</c>: the region's statements and metrics as files, each metric byte for byte the
/// CSV its endpoint answers to <c>Accept: text/csv</c>, the statements the figures of the statements endpoint.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportRegionCommandTests(TalentPoolFixture fixture) : IDisposable
{
    private const string From = "2026-03";
    private const string To = "2026-05";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"talentpool-export-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_export_writes_the_statements_and_every_region_metric_as_the_endpoints_answer_them_and_lists_the_files()
    {
        var (connectionString, regionId) = await OperatorCommands.SeededDatabaseAsync(fixture, "export_command");

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(connectionString,
            "export", regionId.ToString(), "--out", _folder, "--from", From, "--to", To);

        exitCode.ShouldBe(0, errors);
        var files = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        files.ShouldBe(Directory.GetFiles(_folder), ignoreOrder: true);
        files.Length.ShouldBe(3 + 6);

        await using var service = await OperatorCommands.ServiceOnAsync(connectionString);
        var admin = OperatorCommands.AdminTokenOf(service);
        string[] metrics =
        [
            $"/api/v1/regions/{regionId}/metrics/monthly?from={From}&to={To}",
            $"/api/v1/regions/{regionId}/metrics/hires-per-month?from={From}&to={To}",
            $"/api/v1/regions/{regionId}/metrics/member-churn?from={From}&to={To}",
            $"/api/v1/regions/{regionId}/metrics/retention?from={From}&to={To}",
            $"/api/v1/regions/{regionId}/metrics/target-markets?from={From}&to={To}",
            $"/api/v1/regions/{regionId}/metrics/goals?asOf=2026-05-31",
        ];
        foreach (var url in metrics)
        {
            var answer = await service.Scenario(s =>
            {
                s.WithRequestHeader("Accept", "text/csv");
                s.As(admin).Get.Url(url);
            });
            var name = answer.Context.Response.Headers.ContentDisposition.ToString().Split("filename=\"")[1].TrimEnd('"');
            var exported = await File.ReadAllBytesAsync(Path.Combine(_folder, name));
            var body = new MemoryStream();
            await answer.Context.Response.Body.CopyToAsync(body);
            Encoding.UTF8.GetString(exported).ShouldBe(Encoding.UTF8.GetString(body.ToArray()), url);
        }

        foreach (var month in new[] { "2026-03", "2026-04", "2026-05" })
        {
            using var statements = await (await service.Scenario(s => s.As(admin).Get.Url($"/api/v1/regions/{regionId}/statements/{month}")))
                .ReadAsJsonAsync<JsonDocument>();
            var lines = statements!.RootElement.EnumerateArray().SelectMany(s => s.GetProperty("lines").EnumerateArray()
                .Select(l => (Payer: s.GetProperty("payerId").GetString()!, Amount: l.GetProperty("amount").GetProperty("amount").GetDecimal()))).ToList();
            var rows = File.ReadAllLines(Path.Combine(_folder, $"region_{regionId}_statements_{month}.csv"), Encoding.UTF8);
            rows[0].ShouldStartWith("month,payerId,payerKind,payerName,closed,memberId,memberName,kind,hireId,description,line.amount,line.currency");
            var exported = rows.Skip(1).Select(Cells).Select(c => (Payer: c[1], Amount: decimal.Parse(c[10], CultureInfo.InvariantCulture))).ToList();
            lines.ShouldNotBeEmpty();
            exported.ShouldBe(lines, month);
        }
    }

    [Fact]
    public async Task An_unknown_region_is_refused_with_nothing_on_stdout_and_exit_1()
    {
        var connectionString = OperatorCommands.ConnectionStringOf(fixture);

        var (exitCode, output, errors) = await OperatorCommands.RunAsync(connectionString, "export", Guid.NewGuid().ToString(), "--out", _folder);

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("No region");
        Directory.Exists(_folder).ShouldBeFalse();
    }

    [Fact]
    public async Task A_period_the_metrics_refuse_is_refused_before_anything_is_read()
    {
        var (exitCode, output, errors) = await OperatorCommands.RunAsync(OperatorCommands.ConnectionStringOf(fixture),
            "export", Guid.NewGuid().ToString(), "--out", _folder, "--from", "2026-05", "--to", "2026-03");

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        errors.ShouldContain("--to: 'to' (2026-03) comes before 'from' (2026-05).");
    }

    // The statements' descriptions hold commas, in quoted cells; no cell holds a quote or a line break.
    private static string[] Cells(string row)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in row)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
