using static TalentPool.Tests.Deploy.DeployFiles;

namespace TalentPool.Tests.Deploy;

/// <summary>deploy/k8s: what `kubectl apply -k` would send, checked without a cluster or kubectl.</summary>
public class KubernetesManifestTests
{
    [Fact]
    public void The_kustomization_lists_every_manifest_of_the_folder_and_only_files_that_exist()
    {
        var listed = KustomizationResources();
        var present = Directory.GetFiles(KubernetesFolder, "*.yaml")
            .Select(Path.GetFileName)
            .Where(name => name != "kustomization.yaml")
            .ToList();

        listed.ShouldBe(present!, ignoreOrder: true, "every manifest in deploy/k8s is listed in kustomization.yaml, and nothing else");
    }

    [Fact]
    public void Every_manifest_parses_and_names_its_api_version_kind_and_name()
    {
        var resources = KubernetesResources();

        resources.Count.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var (file, resource) in resources)
        {
            Text(resource, "apiVersion").ShouldNotBeNullOrWhiteSpace($"{file}: apiVersion");
            Text(resource, "kind").ShouldNotBeNullOrWhiteSpace($"{file}: kind");
            Text(resource, "metadata.name").ShouldNotBeNullOrWhiteSpace($"{file}: metadata.name");
        }
        resources.Select(entry => Text(entry.Resource, "kind")).ShouldBe(
            ["Namespace", "ConfigMap", "Secret", "Job", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"],
            ignoreOrder: true);
    }

    [Fact]
    public void The_deployment_runs_at_least_two_non_root_replicas_of_the_image_with_resources_and_its_settings_from_the_config_map_and_secret()
    {
        var deployment = Resource("Deployment");
        int.Parse(Text(deployment, "spec.replicas")!).ShouldBeGreaterThanOrEqualTo(2);
        var pod = Mapping(deployment, "spec.template.spec");
        Text(pod, "securityContext.runAsNonRoot").ShouldBe("true");

        var container = Mappings(pod, "containers").ShouldHaveSingleItem();
        ImageName(Text(container, "image")!).ShouldBe(Image);
        Text(container, "securityContext.readOnlyRootFilesystem").ShouldBe("true");
        Text(container, "securityContext.allowPrivilegeEscalation").ShouldBe("false");
        foreach (var resource in new[] { "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" })
            Text(container, $"resources.{resource}").ShouldNotBeNullOrWhiteSpace(resource);
        EnvironmentSources(container).ShouldBe(["configMapRef:talentpool-config", "secretRef:talentpool-secrets"]);
    }

    [Fact]
    public void The_probes_ask_the_liveness_and_readiness_endpoints_on_the_container_port()
    {
        var container = Mappings(Resource("Deployment"), "spec.template.spec.containers").Single();

        Text(container, "livenessProbe.httpGet.path").ShouldBe("/health/live");
        Text(container, "readinessProbe.httpGet.path").ShouldBe("/health/ready");
        Text(container, "startupProbe.httpGet.path").ShouldBe("/health/live");
        var ports = Mappings(container, "ports").ToDictionary(port => Text(port, "name")!, port => Text(port, "containerPort")!);
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            Text(container, $"{probe}.httpGet.port").ShouldBeOneOf("http", ports["http"]);
        var configuration = Resource("ConfigMap");
        // The API port and the management port (Prometheus' /metrics), both where the service listens.
        Text(configuration, "data.ASPNETCORE_HTTP_PORTS")!.Split(';').ShouldBe([ports["http"], ports["metrics"]], "the service listens where the probes ask");
        Text(configuration, "data.Observability__MetricsPort").ShouldBe(ports["metrics"]);
    }

    [Fact]
    public void The_schema_job_runs_db_apply_with_the_image_and_the_same_settings_before_a_rollout()
    {
        var job = Resource("Job");
        var container = Mappings(job, "spec.template.spec.containers").ShouldHaveSingleItem();

        Strings(container, "args").ShouldBe(["db-apply"]);
        ImageName(Text(container, "image")!).ShouldBe(Image);
        Text(job, "spec.template.spec.restartPolicy").ShouldBe("Never");
        Text(job, "spec.template.spec.securityContext.runAsNonRoot").ShouldBe("true");
        EnvironmentSources(container).ShouldBe(["configMapRef:talentpool-config", "secretRef:talentpool-secrets"]);
    }

    [Fact]
    public void The_service_autoscaler_and_disruption_budget_select_the_deployment_s_pods()
    {
        var deployment = Resource("Deployment");
        var podLabels = Mapping(deployment, "spec.template.metadata.labels");
        var name = Text(deployment, "metadata.name");

        Mapping(Resource("Service"), "spec.selector").ShouldBe(podLabels);
        Text(Mappings(Resource("Service"), "spec.ports").Single(), "targetPort").ShouldBe("http");
        Mapping(Resource("PodDisruptionBudget"), "spec.selector.matchLabels").ShouldBe(podLabels);
        Mapping(deployment, "spec.selector.matchLabels").ShouldBe(podLabels);

        var autoscaler = Resource("HorizontalPodAutoscaler");
        Text(autoscaler, "spec.scaleTargetRef.kind").ShouldBe("Deployment");
        Text(autoscaler, "spec.scaleTargetRef.name").ShouldBe(name);
        int.Parse(Text(autoscaler, "spec.minReplicas")!).ShouldBeGreaterThanOrEqualTo(2);
        int.Parse(Text(autoscaler, "spec.maxReplicas")!).ShouldBeGreaterThan(int.Parse(Text(autoscaler, "spec.minReplicas")!));
    }

    [Fact]
    public void The_config_map_and_secret_set_only_settings_the_readme_documents()
    {
        var documented = ReadmeConfigurationSection();
        var keys = Mapping(Resource("ConfigMap"), "data").Keys
            .Concat(Mapping(Resource("Secret"), "stringData").Keys)
            .Cast<string>()
            .ToList();

        keys.ShouldContain("ConnectionStrings__TalentPool");
        keys.ShouldContain("Auth__SigningKey");
        foreach (var key in keys)
            documented.ShouldContain(key.Replace("__", ":"), Case.Sensitive, $"{key} is not a setting of README \"Configuration\"");
    }

    [Fact]
    public void The_deploy_files_configure_a_region_database_with_the_variable_the_readme_documents()
    {
        const string variable = "Regions__Databases__";
        ReadmeConfigurationSection().ShouldContain($"`Regions:Databases:<regionId>` (env `{variable}<regionId>`)", Case.Sensitive);
        Read("deploy/README.md").ShouldContain($"`{variable}<regionId>`", Case.Sensitive);
        Read("deploy/README.md").ShouldContain($"--from-literal={variable}", Case.Sensitive);
        Read("deploy/k8s/secret.yaml").ShouldContain($"--from-literal={variable}<region-id>=", Case.Sensitive);
        // In compose an example only (commented out): the API nodes' shared environment is where it goes.
        Read("deploy/compose.yaml").ShouldContain($"# {variable}", Case.Sensitive);
    }

    [Fact]
    public void The_kustomization_sets_the_tag_of_the_one_image()
    {
        var kustomization = Documents(Path.Combine(KubernetesFolder, "kustomization.yaml")).Single();
        var image = Mappings(kustomization, "images").ShouldHaveSingleItem();

        Text(image, "name").ShouldBe(Image);
        Text(image, "newTag").ShouldNotBeNullOrWhiteSpace();
    }

    private static IReadOnlyList<string> EnvironmentSources(Dictionary<object, object> container) =>
        Mappings(container, "envFrom")
            .Select(source =>
            {
                var kind = (string)source.Keys.Single();
                return $"{kind}:{Text(source, $"{kind}.name")}";
            })
            .ToList();

    private static string ReadmeConfigurationSection()
    {
        var readme = Read("README.md");
        var start = readme.IndexOf("\n## Configuration", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README has a Configuration section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end];
    }
}
