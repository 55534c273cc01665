using System.Text.Json;
using System.Text.RegularExpressions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Contract;

/// <summary>
/// The OpenAPI document is a contract a client can compile against: a TypeScript client generated from the live
/// document (openapi-typescript) and driven through openapi-fetch type-checks under `tsc --strict` in
/// typescript/client-scenario.ts, and refuses each mistake in typescript/contract-violations.ts.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class TypeScriptClientTests(TalentPoolFixture fixture)
{
    private const string Scenario = "typescript/client-scenario.ts";
    private const string Violations = "typescript/contract-violations.ts";
    private const string RefusedMarker = "// refused:";

    [Fact]
    public async Task A_client_generated_from_the_live_document_compiles_the_scenario_strictly_and_refuses_each_contract_violation()
    {
        var folder = NodeTools.NewTemporaryFolder();
        try
        {
            var document = await NodeTools.WriteLiveDocumentAsync(fixture.Host, folder);
            var client = Path.Combine(folder, "talentpool-api.d.ts");
            var generated = await NodeTools.RunAsync(NodeTools.OpenApiTypeScript, document, "--output", client);
            generated.ExitCode.ShouldBe(0, generated.ToString());

            var project = Path.Combine(folder, "tsconfig.json");
            await File.WriteAllTextAsync(project, TypeScriptProject(client));
            var compiled = await NodeTools.RunAsync(NodeTools.TypeScriptCompiler,
                "--project", project, "--strict", "--noEmit", "--pretty", "false");

            var errors = CompilerError().Matches(compiled.Output)
                .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value), Text: m.Value))
                .ToList();
            errors.Where(e => e.File == Scenario).Select(e => e.Text).ShouldBeEmpty("The scenario must compile against the document.");
            errors.Where(e => e.File == Violations).Select(e => e.Line).Distinct().Order().ToArray()
                .ShouldBe(MarkedLines(Violations), $"tsc must refuse exactly the lines marked '{RefusedMarker}':\n{compiled}");
            errors.Where(e => e.File != Scenario && e.File != Violations).Select(e => e.Text).ShouldBeEmpty();
            compiled.ExitCode.ShouldNotBe(0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>strict is given on the command line as the contract says; the project only says where things are.</summary>
    private static string TypeScriptProject(string client) => JsonSerializer.Serialize(new
    {
        compilerOptions = new
        {
            target = "es2022",
            module = "esnext",
            moduleResolution = "bundler",
            lib = new[] { "es2022" },
            types = new[] { "node" },
            typeRoots = new[] { Path.Combine(NodeTools.Folder, "node_modules", "@types") },
            // The packages' own declarations are not ours to check; the generated client is checked through its use.
            skipLibCheck = true,
            paths = new Dictionary<string, string[]> { ["talentpool-api"] = [client] },
        },
        files = new[] { Path.Combine(NodeTools.Folder, Scenario), Path.Combine(NodeTools.Folder, Violations) },
    });

    private static int[] MarkedLines(string file) => File.ReadAllLines(Path.Combine(NodeTools.Folder, file))
        .Select((text, index) => (text, line: index + 1))
        .Where(l => l.text.Contains(RefusedMarker))
        .Select(l => l.line)
        .ToArray();

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): error TS\d+: .*$", RegexOptions.Multiline)]
    private static partial Regex CompilerError();
}
