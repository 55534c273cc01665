using System.Text.Json;
using System.Text.RegularExpressions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Contract;

/// <summary>
/// `@redocly/cli lint` with the repository's redocly.yaml finds no error in the live document, and exactly the
/// warnings the README names with their reasons: a new warning fails until it is fixed or explained there.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class RedoclyLintTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task Redocly_finds_no_error_in_the_live_document_and_only_the_warnings_the_README_explains()
    {
        var folder = NodeTools.NewTemporaryFolder();
        try
        {
            var document = await NodeTools.WriteLiveDocumentAsync(fixture.Host, folder);
            var lint = await NodeTools.RunAsync(NodeTools.Redocly, "lint", document,
                "--config", Path.Combine(Repository.Root, "redocly.yaml"), "--format", "json");

            using var report = JsonDocument.Parse(lint.Output);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => (Rule: p.GetProperty("ruleId").GetString()!, Severity: p.GetProperty("severity").GetString()!,
                    Where: p.GetProperty("location")[0].GetProperty("pointer").GetString()!))
                .ToList();

            problems.Where(p => p.Severity == "error").ShouldBeEmpty(lint.ToString());
            problems.Where(p => p.Severity == "warn").Select(p => $"{p.Rule} {p.Where}").Order().ToArray()
                .ShouldBe(WarningsNamedInReadme(), customMessage: "Fix each new warning, or name it in the README with the reason it stays.");
            lint.ExitCode.ShouldBe(0, lint.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The rows of the README's table of Redocly warnings: | `rule` | `#/where` | why it stays |.</summary>
    private static string[] WarningsNamedInReadme() => ReadmeWarning()
        .Matches(File.ReadAllText(Path.Combine(Repository.Root, "README.md")))
        .Select(m => $"{m.Groups["rule"].Value} {m.Groups["where"].Value}")
        .Order()
        .ToArray();

    [GeneratedRegex(@"^\| `(?<rule>[a-z0-9.-]+)` \| `(?<where>#/[^`]*)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeWarning();
}
