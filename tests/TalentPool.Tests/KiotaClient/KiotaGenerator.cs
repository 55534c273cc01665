using System.Diagnostics;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// Runs the Kiota tool pinned in .config/dotnet-tools.json, with the one set of options the committed client
/// in tests/TalentPool.Client is generated with (its Generated/kiota-lock.json records them too).
/// </summary>
public static class KiotaGenerator
{
    public const string DocumentFile = "openapi.json";
    public const string OutputFolder = "Generated";
    public static string CommittedClientFolder { get; } = Path.Combine(Repository.Root, "tests", "TalentPool.Client");

    // Restores the pinned tool on a fresh clone, once per test run, so `dotnet test` needs no set-up step.
    private static readonly Lazy<Task> ToolRestored = new(() => DotnetAsync("tool", "restore"));

    /// <summary>Puts the document in the client folder and generates the client into Generated/ beside it, replacing what was there.</summary>
    public static async Task GenerateAsync(string openApiDocument, string clientFolder)
    {
        Directory.CreateDirectory(clientFolder);
        var document = Path.Combine(clientFolder, DocumentFile);
        await File.WriteAllTextAsync(document, openApiDocument);
        await ToolRestored.Value;
        await DotnetAsync("kiota", "generate", "--language", "CSharp", "--openapi", document,
            "--output", Path.Combine(clientFolder, OutputFolder), "--clean-output",
            "--class-name", "TalentPoolClient", "--namespace-name", "TalentPool.Client", "--exclude-backward-compatible");
    }

    private static async Task DotnetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Repository.Root, // where the tool manifest is found
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["KIOTA_OFFLINE_ENABLED"] = "true", // no look-up of newer Kiota versions over the network
                ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true",
                ["KIOTA_TUTORIAL_ENABLED"] = "false",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
