using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// The service runs without a C# compiler, on the code `codegen write` put in Internal/Generated.
/// If an endpoint changes and that code does not, the service would quietly run the old code.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GeneratedCodeTests(TalentPoolFixture fixture)
{
    private const string Regenerate =
        "rm -rf src/TalentPool/Internal/Generated && dotnet run --project src/TalentPool -- codegen write";

    [Fact]
    public void The_pre_generated_code_matches_what_the_endpoints_generate_today()
    {
        var committed = Path.Combine(Repository.Root, "src", "TalentPool", "Internal", "Generated");
        var fresh = Path.Combine(Path.GetTempPath(), $"talentpool-codegen-{Guid.NewGuid():N}");
        var collections = fixture.Host.Services.GetServices<ICodeFileCollection>().ToArray();
        var committedPaths = collections.Select(c => c.Rules.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = fresh;
            new DynamicCodeBuilder(fixture.Host.Services, collections)
            {
                ServiceVariableSource = fixture.Host.Services.GetService<IServiceVariableSource>(),
            }.WriteGeneratedCode(_ => { });
        }
        finally
        {
            for (var i = 0; i < collections.Length; i++) collections[i].Rules.GeneratedCodeOutputPath = committedPaths[i];
        }

        try
        {
            var expected = ReadAll(fresh);
            var actual = ReadAll(committed);
            expected.Keys.ShouldNotBeEmpty();
            actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true, customMessage: $"Generated files differ; run: {Regenerate}");
            foreach (var (file, code) in expected)
            {
                actual[file].ShouldBe(code, customMessage: $"{file} is stale; run: {Regenerate}");
            }
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> ReadAll(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path), File.ReadAllText)
        : [];
}
