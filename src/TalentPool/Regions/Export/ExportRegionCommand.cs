using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TalentPool.Hosting.CommandLine;
using TalentPool.Metrics;

using TalentPool.Hosting;

namespace TalentPool.Regions.Export;

public sealed class ExportRegionInput : NetCoreInput
{
    [Description("The region's id")]
    public string RegionId { get; set; } = "";

    [Description("The folder to write the CSV files into (made if missing; files of the same name are replaced)")]
    public string OutFlag { get; set; } = "";

    [Description("The first month, yyyy-MM (default: twelve months before --to, or before this month)")]
    public string? FromFlag { get; set; }

    [Description("The last month, yyyy-MM (default: twelve months after --from, or this month); at most 60 months in all")]
    public string? ToFlag { get; set; }
}

/// <summary>
/// <c>export {regionId} --out dir [--from yyyy-MM --to yyyy-MM]</c> writes the region's statements (a file per month) and every
/// region metric as CSV files (<see cref="RegionExport"/>) and prints the path of each file written, one a line, on stdout.
/// An unknown region, a period the metric endpoints refuse or a folder that cannot be written exits 1 with nothing on stdout.
/// </summary>
[Description("Export a region's statements and metrics as CSV files", Name = Name)]
public sealed class ExportRegionCommand : JasperFxAsyncCommand<ExportRegionInput>
{
    public const string Name = "export";

    public ExportRegionCommand()
    {
        Usage("Export a region's statements and metrics").Arguments(x => x.RegionId);
    }

    public override async Task<bool> Execute(ExportRegionInput input)
    {
        if (!Guid.TryParse(input.RegionId, out var regionId))
        {
            OperatorConsole.Say($"'{input.RegionId}' is not a region id (a GUID).");
            return false;
        }
        if (string.IsNullOrWhiteSpace(input.OutFlag))
        {
            OperatorConsole.Say("Name the folder to write into: --out <dir>.");
            return false;
        }
        if (RegionMetricsRequest.ValidatePeriod(input.FromFlag, input.ToFlag) is HttpValidationProblemDetails period)
        {
            foreach (var (field, messages) in period.Errors) OperatorConsole.Say($"--{field}: {string.Join(" ", messages)}");
            return false;
        }

        using var host = input.BuildHost();
        var services = host.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        await using (var session = store.QuerySession(RegionTenancy.TenantOf(regionId)))
        {
            if (await session.LoadAsync<Region>(regionId) is null)
            {
                OperatorConsole.Say($"No region {regionId}.");
                return false;
            }
        }

        var export = new RegionExport(store, services.GetRequiredService<ReadModelProgress>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        var written = new List<string>();
        try
        {
            Directory.CreateDirectory(input.OutFlag);
            await foreach (var file in export.FilesAsync(regionId, input.FromFlag, input.ToFlag, CancellationToken.None))
            {
                var path = Path.Combine(input.OutFlag, file.FileName);
                await File.WriteAllBytesAsync(path, export.Body(file));
                written.Add(path);
                OperatorConsole.Say($"wrote {path}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            OperatorConsole.Say($"The export stopped: {e.Message}");
            return false;
        }

        // The list only once every file is written: a failed export prints nothing a script could take for a result.
        foreach (var path in written) OperatorConsole.WriteResult(path);
        return true;
    }
}
