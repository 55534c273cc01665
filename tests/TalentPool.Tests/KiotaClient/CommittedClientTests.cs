using Alba;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// The C# client in tests/TalentPool.Client is what a client developer gets from Kiota today: if the document
/// changes and the committed client does not, the client tests would test yesterday's client.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CommittedClientTests(TalentPoolFixture fixture)
{
    private const string Regenerate = ".ci/regenerate-client";

    /// <summary>Set by .ci/regenerate-client: the test then writes the committed client instead of comparing it.</summary>
    public const string RegenerateVariable = "TALENTPOOL_REGENERATE_CLIENT";

    [Fact]
    public async Task The_committed_client_is_what_Kiota_generates_from_the_live_OpenAPI_document()
    {
        var document = await (await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"))).ReadAsTextAsync();
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            await KiotaGenerator.GenerateAsync(document, KiotaGenerator.CommittedClientFolder);
            return;
        }

        var fresh = Path.Combine(Path.GetTempPath(), $"talentpool-kiota-{Guid.NewGuid():N}");
        try
        {
            await KiotaGenerator.GenerateAsync(document, fresh);

            var expected = ReadClient(fresh);
            var actual = ReadClient(KiotaGenerator.CommittedClientFolder);
            expected.Keys.ShouldContain(Path.Combine(KiotaGenerator.OutputFolder, "TalentPoolClient.cs"));
            expected.Keys.Except(actual.Keys).ShouldBeEmpty($"These files are missing; run {Regenerate}");
            actual.Keys.Except(expected.Keys).ShouldBeEmpty($"Kiota no longer generates these files; run {Regenerate}");
            var stale = expected.Keys.Where(file => actual.TryGetValue(file, out var text) && text != expected[file]);
            stale.ShouldBeEmpty($"These files are stale; run {Regenerate}");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    /// <summary>The document and everything Kiota wrote, by path relative to the client folder.</summary>
    private static Dictionary<string, string> ReadClient(string folder)
    {
        var generated = Path.Combine(folder, KiotaGenerator.OutputFolder);
        var files = Directory.Exists(generated) ? Directory.GetFiles(generated, "*", SearchOption.AllDirectories) : [];
        return files.Append(Path.Combine(folder, KiotaGenerator.DocumentFile))
            .Where(File.Exists)
            .ToDictionary(path => Path.GetRelativePath(folder, path), File.ReadAllText);
    }
}
