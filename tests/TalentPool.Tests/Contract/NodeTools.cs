using System.Diagnostics;
using Alba;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Contract;

/// <summary>
/// The npm tools the contract tests run (Contract/package.json, pinned by its package-lock.json), run with the
/// machine's Node through their own entry points, never through npx. `.ci/run` installs them with `npm ci`;
/// a fresh clone gets them on the first test that needs them, so `dotnet test` alone works too.
/// </summary>
public static class NodeTools
{
    public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "TalentPool.Tests", "Contract");

    public const string OpenApiTypeScript = "node_modules/openapi-typescript/bin/cli.js";
    public const string TypeScriptCompiler = "node_modules/typescript/bin/tsc";
    public const string Redocly = "node_modules/@redocly/cli/bin/cli.js";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The service's live OpenAPI document, written to a new temporary folder (deleted with it).</summary>
    public static async Task<string> WriteLiveDocumentAsync(IAlbaHost host, string folder)
    {
        var result = await host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        var path = Path.Combine(folder, "swagger.json");
        await File.WriteAllTextAsync(path, await result.ReadAsTextAsync());
        return path;
    }

    public static string NewTemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"talentpool-contract-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Runs a tool's entry point with Node in the tools' folder; installs the tools first when they are missing.</summary>
    public static async Task<ToolRun> RunAsync(string entryPoint, params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [entryPoint, .. arguments], TimeSpan.FromMinutes(2));
    }

    private static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (new[] { OpenApiTypeScript, TypeScriptCompiler, Redocly }.All(tool => File.Exists(Path.Combine(Folder, tool)))) return;
            var install = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            install.ExitCode.ShouldBe(0, $"npm ci in {Folder} failed:\n{install}");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<ToolRun> RunProcessAsync(string fileName, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No telemetry, update checks or colours: the tools talk to nothing but the files they are given.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return new ToolRun(process.ExitCode, await standardOutput, await standardError);
    }
}

/// <summary>What a tool printed and how it ended.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Errors}";
}
