namespace TalentPool.Tests.Contract;

/// <summary>The TypeScript programs prove the document only if they do not step around the type checker.</summary>
public sealed class TypeScriptProgramTests
{
    [Fact]
    public async Task The_TypeScript_programs_use_no_casts_any_non_null_assertions_or_suppressed_errors()
    {
        var files = Directory.GetFiles(Path.Combine(NodeTools.Folder, "typescript"), "*.ts")
            .Select(f => Path.GetRelativePath(NodeTools.Folder, f))
            .ToArray();
        files.ShouldNotBeEmpty();

        var escapes = await NodeTools.RunAsync("typescript/find-escapes.mjs", files);

        escapes.ExitCode.ShouldBe(0, escapes.ToString());
        escapes.Output.Trim().ShouldBeEmpty();
    }
}
