using System.Net;
using TalentPool.Tests.Infrastructure;
using static TalentPool.Tests.Deploy.DeployFiles;

namespace TalentPool.Tests.Deploy;

/// <summary>Every path a probe or health check of deploy/ asks answers 200, anonymously, through the real service.</summary>
[Collection(PostgresCollection.Name)]
public class ProbePathTests(TalentPoolFixture fixture)
{
    public static TheoryData<string, string> ProbePaths()
    {
        var data = new TheoryData<string, string>();
        var container = Mappings(Resource("Deployment"), "spec.template.spec.containers").Single();
        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            data.Add($"deploy/k8s/deployment.yaml {probe}", Text(container, $"{probe}.httpGet.path")!);
        var healthCheck = Read("deploy/Dockerfile").Replace("\\\n", " ").Split('\n').Single(line => line.StartsWith("HEALTHCHECK "));
        data.Add("deploy/Dockerfile HEALTHCHECK", DockerImageTests.HealthCheckPath(healthCheck));
        return data;
    }

    [Theory]
    [MemberData(nameof(ProbePaths))]
    public async Task The_probed_path_answers_200_without_a_token(string probe, string path)
    {
        path.ShouldStartWith("/", Case.Sensitive, probe);
        var client = fixture.Host.Server.CreateClient();

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{probe}: GET {path}");
    }
}
