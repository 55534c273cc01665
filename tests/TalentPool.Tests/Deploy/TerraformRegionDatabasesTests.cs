using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TalentPool.Tests.Deploy;

/// <summary>
/// infra/'s <c>region_databases</c> (a database per region kept in one of its own, with its setting on the API and the job):
/// its validation run by Terraform itself on the variable alone (no provider is needed for it, so it runs offline), and the
/// settings named as the service reads them.
/// </summary>
public sealed class TerraformRegionDatabasesTests
{
    private const string Region = "7b644351-b3dc-a351-f824-3d876c7f5261";

    [Theory]
    [InlineData($$"""{"{{Region}}"="talentpool_region_hamar"}""", null)]
    [InlineData("{}", null)]
    [InlineData("""{"hamar"="talentpool_region_hamar"}""", "region's id")]
    [InlineData("""{"7B644351-B3DC-A351-F824-3D876C7F5261"="talentpool_region_hamar"}""", "region's id")]
    [InlineData($$"""{"{{Region}}"="talentpool"}""", "database name other than talentpool")]
    [InlineData($$"""{"{{Region}}"="Region-Hamar"}""", "database name other than talentpool")]
    [InlineData($$"""{"{{Region}}"="hamar","00000000-0000-0000-0000-000000000001"="hamar"}""", "no database name twice")]
    public async Task Region_databases_are_region_ids_to_distinct_database_names_other_than_the_shared_one(string value, string? refusal)
    {
        var folder = Directory.CreateTempSubdirectory("talentpool-terraform-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "variables.tf"), VariableBlock(DeployFiles.Read("infra/variables.tf"), "region_databases"));
            (await TerraformAsync(folder, "init", "-input=false", "-no-color")).ExitCode.ShouldBe(0);

            var (exitCode, output) = await TerraformAsync(folder, "plan", "-input=false", "-no-color", "-var", $"region_databases={value}");

            if (refusal is null) exitCode.ShouldBe(0, output);
            else
            {
                exitCode.ShouldNotBe(0);
                Regex.Replace(output, @"\s+", " ").ShouldContain(refusal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Each_region_database_reaches_the_api_and_the_job_as_the_setting_the_service_reads()
    {
        var main = DeployFiles.Read("infra/main.tf");
        main.ShouldContain($"\"{TalentPool.Hosting.RegionDatabases.ConfigurationSection.Replace(":", "__")}__${{id}}\"");
        // Both the API and the db-apply job carry the regions' secrets, and read the settings from local.secret_settings.
        Regex.Matches(main, @"for_each = local\.region_connection_strings").Count.ShouldBe(2);
        Regex.Matches(main, @"for_each = local\.secret_settings").Count.ShouldBe(2);
    }

    /// <summary>The <c>variable "name" { … }</c> block of a Terraform file, braces balanced.</summary>
    private static string VariableBlock(string terraform, string name)
    {
        var start = terraform.IndexOf($"variable \"{name}\" {{", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"infra/variables.tf declares {name}");
        var depth = 0;
        for (var i = terraform.IndexOf('{', start); i < terraform.Length; i++)
        {
            depth += terraform[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0) return terraform[start..(i + 1)] + Environment.NewLine;
        }
        throw new ShouldAssertException($"variable {name}'s block never closes");
    }

    private static async Task<(int ExitCode, string Output)> TerraformAsync(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // No user configuration and no download: the variable's validation needs no provider.
        start.Environment["TF_CLI_CONFIG_FILE"] = "/dev/null";
        start.Environment["TF_IN_AUTOMATION"] = "1";
        using var process = Process.Start(start) ?? throw new ShouldAssertException("terraform is installed (ENVIRONMENT.md; .ci/run checks infra/ with it)");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
