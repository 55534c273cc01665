using System.Text.RegularExpressions;
using static TalentPool.Tests.Deploy.DeployFiles;

namespace TalentPool.Tests.Deploy;

/// <summary>deploy/Dockerfile, deploy/compose.yaml and the Prometheus scrape, read as text and YAML.</summary>
public partial class DockerImageTests
{
    private static string Dockerfile => Read("deploy/Dockerfile");

    private static IReadOnlyList<string> Instructions(string name) =>
        Dockerfile.Replace("\\\n", " ").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void The_Dockerfile_builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime_alone()
    {
        var stages = Instructions("FROM");

        stages.Count.ShouldBeGreaterThanOrEqualTo(2, "a multi-stage build");
        stages[0].ShouldStartWith("FROM mcr.microsoft.com/dotnet/sdk:");
        stages[^1].ShouldStartWith("FROM mcr.microsoft.com/dotnet/aspnet:");
        Instructions("COPY").ShouldContain(copy => copy.Contains("--from=build"));
        Instructions("RUN").ShouldContain(run => run.Contains("--configfile NuGet.Config"));
        Instructions("RUN").ShouldContain(run => run.Contains("dotnet publish src/TalentPool/TalentPool.csproj -c Release"));
        Instructions("ENTRYPOINT").ShouldHaveSingleItem().ShouldContain("TalentPool.dll");
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_listening_on_the_port_the_manifests_probe()
    {
        var user = Instructions("USER").ShouldHaveSingleItem()["USER ".Length..].Split(':')[0];

        user.ShouldNotBeOneOf("root", "0");
        Text(Mappings(Resource("Deployment"), "spec.template.spec.containers").Single(), "securityContext.readOnlyRootFilesystem").ShouldBe("true");
        Text(Resource("Deployment"), "spec.template.spec.securityContext.runAsUser").ShouldBe(user, "the pods run as the image's user");
        var environment = Instructions("ENV").ShouldHaveSingleItem();
        environment.ShouldContain("ASPNETCORE_HTTP_PORTS=\"8080;9464\"");
        environment.ShouldContain("Observability__MetricsPort=9464");
        Instructions("EXPOSE").ShouldHaveSingleItem().ShouldBe("EXPOSE 8080 9464");
    }

    [Fact]
    public void The_image_checks_its_health_on_the_liveness_endpoint()
    {
        var healthCheck = Instructions("HEALTHCHECK").ShouldHaveSingleItem();

        HealthCheckPath(healthCheck).ShouldBe("/health/live");
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_local_data_and_tests()
    {
        var ignored = Read(".dockerignore").Split('\n').Select(line => line.Trim()).ToList();

        ignored.ShouldContain("**/bin/");
        ignored.ShouldContain("**/obj/");
        ignored.ShouldContain(".data/");
        ignored.ShouldContain(".git/");
        ignored.ShouldContain("tests/");
        ignored.ShouldNotContain("src/");
    }

    [Fact]
    public void Compose_runs_PostgreSQL_the_schema_and_two_API_nodes_of_the_image_sharing_it()
    {
        var services = ComposeServices();
        var apiNodes = ApiNodes(services);

        Text(services["postgres"], "image")!.ShouldStartWith("postgres:");
        apiNodes.Count.ShouldBeGreaterThanOrEqualTo(2, "two API nodes");
        Strings(services["db-apply"], "command").ShouldBe(["db-apply"]);
        ImageName(Text(services["db-apply"], "image")!).ShouldBe(Image);
        foreach (var node in apiNodes)
        {
            Text(services[node], "environment.ConnectionStrings__TalentPool")!.ShouldContain("Host=postgres;");
            Text(services[node], "environment.Auth__SigningKey").ShouldNotBeNullOrWhiteSpace();
            Text(services[node], "depends_on.db-apply.condition").ShouldBe("service_completed_successfully");
            Text(services[node], "build.dockerfile").ShouldBe("deploy/Dockerfile");
        }
        Text(services["prometheus"], "image")!.ShouldStartWith("prom/prometheus:");
    }

    [Fact]
    public void Prometheus_scrapes_every_API_node_on_the_metrics_path_the_pods_announce()
    {
        var scrape = Mappings(Documents(Path.Combine(Folder, "prometheus", "prometheus.yml")).Single(), "scrape_configs").ShouldHaveSingleItem();
        var services = ComposeServices();
        var metricsPort = Text(Resource("ConfigMap"), "data.Observability__MetricsPort")!;
        var apiNodes = ApiNodes(services).Select(node => $"{node}:{metricsPort}");

        Strings(Mappings(scrape, "static_configs").Single(), "targets").ShouldBe(apiNodes, ignoreOrder: true);
        foreach (var node in ApiNodes(services))
        {
            Text(services[node], "environment.Observability__MetricsPort").ShouldBe(metricsPort, node);
            Text(services[node], "environment.ASPNETCORE_HTTP_PORTS")!.Split(';').ShouldContain(metricsPort, node);
        }
        var podAnnotations = Mapping(Resource("Deployment"), "spec.template.metadata.annotations");
        Text(scrape, "metrics_path").ShouldBe("/metrics");
        podAnnotations["prometheus.io/path"].ShouldBe(Text(scrape, "metrics_path"));
        podAnnotations["prometheus.io/port"].ShouldBe(metricsPort);
    }

    [Fact]
    public void Every_build_deployment_and_infrastructure_file_names_the_same_image()
    {
        var references = new List<(string File, string Image)>();
        foreach (var file in new[] { "deploy/Dockerfile", "deploy/README.md", "infra/README.md" })
            references.AddRange(BuildTags().Matches(Read(file)).Select(tag => (file, tag.Groups["image"].Value)));
        foreach (var (file, resource) in KubernetesResources())
            if (At(resource, "spec.template.spec.containers") is List<object> containers)
                references.AddRange(containers.Select(container => ($"deploy/k8s/{file}", Text(container, "image")!)));
        foreach (var (name, service) in ComposeServices())
            if (At(service, "build") is not null) references.Add(($"deploy/compose.yaml {name}", Text(service, "image")!));
        references.Add(("infra/variables.tf", TerraformImageDefault().Match(Read("infra/variables.tf")).Groups["image"].Value));

        references.Select(reference => reference.File).ShouldContain("deploy/Dockerfile");
        references.Select(reference => reference.File).ShouldContain("deploy/k8s/db-apply-job.yaml");
        references.Count.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var (file, image) in references) ImageName(image).ShouldBe(Image, file);
        TerraformImages().Matches(Read("infra/main.tf")).Select(image => image.Groups["value"].Value)
            .ShouldAllBe(value => value == "var.image", "infra/main.tf runs var.image only");
    }

    private static Dictionary<object, object> ComposeServices() =>
        Mapping(Documents(Path.Combine(Folder, "compose.yaml")).Single(), "services");

    /// <summary>The compose services that serve the API: the image, run without a command.</summary>
    private static IReadOnlyList<string> ApiNodes(Dictionary<object, object> services) =>
        services.Where(service => At(service.Value, "command") is null && Text(service.Value, "image") is { } image && ImageName(image) == Image)
            .Select(service => (string)service.Key)
            .ToList();

    internal static string HealthCheckPath(string healthCheck) =>
        HealthCheckUrl().Match(healthCheck).Groups["path"].Value;


    [GeneratedRegex(@"http://127\.0\.0\.1:8080(?<path>/[^\s|]*)")]
    private static partial Regex HealthCheckUrl();

    /// <summary>The tag of a <c>docker build … -t image:tag</c> command.</summary>
    [GeneratedRegex(@"docker build .*-t (?<image>\S+)")]
    private static partial Regex BuildTags();

    [GeneratedRegex(@"variable ""image"" \{[^}]*default\s*=\s*""(?<image>[^""]+)""")]
    private static partial Regex TerraformImageDefault();

    [GeneratedRegex(@"^\s*image\s*=\s*(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex TerraformImages();
}
