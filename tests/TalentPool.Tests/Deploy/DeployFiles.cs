using TalentPool.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TalentPool.Tests.Deploy;

/// <summary>
/// The files under deploy/, read as data: YAML through YamlDotNet (merge keys resolved, every document of a file),
/// so the checks need no kubectl, docker or Python on the machine.
/// </summary>
public static class DeployFiles
{
    /// <summary>The one image the Dockerfile builds and every manifest runs (a tag may follow).</summary>
    public const string Image = "ghcr.io/talentpool/talentpool-api";

    public static string Folder => Path.Combine(Repository.Root, "deploy");
    public static string KubernetesFolder => Path.Combine(Folder, "k8s");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Repository.Root, relativePath));

    /// <summary>Every YAML document of the file, each a tree of dictionaries, lists and strings.</summary>
    public static IReadOnlyList<Dictionary<object, object>> Documents(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(File.ReadAllText(path))));
        var documents = new List<Dictionary<object, object>>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object>(parser);
            if (document is null) continue;
            document.ShouldBeOfType<Dictionary<object, object>>($"{path}: a document that is not a mapping");
            documents.Add((Dictionary<object, object>)document);
        }
        return documents;
    }

    /// <summary>Every Kubernetes resource kustomization.yaml lists, with the file it came from.</summary>
    public static IReadOnlyList<(string File, Dictionary<object, object> Resource)> KubernetesResources() =>
        KustomizationResources()
            .SelectMany(file => Documents(Path.Combine(KubernetesFolder, file)).Select(resource => (file, resource)))
            .ToList();

    public static IReadOnlyList<string> KustomizationResources() =>
        Strings(Documents(Path.Combine(KubernetesFolder, "kustomization.yaml")).Single(), "resources");

    public static Dictionary<object, object> Resource(string kind) =>
        KubernetesResources().Single(entry => Text(entry.Resource, "kind") == kind).Resource;

    /// <summary>The value at a dotted path (<c>spec.template.spec</c>), or null when a step is missing.</summary>
    public static object? At(object? node, string path)
    {
        foreach (var step in path.Split('.'))
        {
            if (node is not Dictionary<object, object> mapping || !mapping.TryGetValue(step, out node)) return null;
        }
        return node;
    }

    public static string? Text(object? node, string path) => At(node, path) as string;

    public static Dictionary<object, object> Mapping(object? node, string path) =>
        At(node, path).ShouldBeOfType<Dictionary<object, object>>($"'{path}' is not a mapping");

    public static IReadOnlyList<object> List(object? node, string path) =>
        At(node, path).ShouldBeOfType<List<object>>($"'{path}' is not a list");

    public static IReadOnlyList<string> Strings(object? node, string path) =>
        List(node, path).Select(item => item.ShouldBeOfType<string>($"'{path}' holds something else than text")).ToList();

    public static IReadOnlyList<Dictionary<object, object>> Mappings(object? node, string path) =>
        List(node, path).Select(item => item.ShouldBeOfType<Dictionary<object, object>>($"'{path}' holds something else than mappings")).ToList();

    /// <summary>The repository part of an image reference, without its tag or digest.</summary>
    public static string ImageName(string reference)
    {
        var withoutDigest = reference.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        return colon > lastSlash ? withoutDigest[..colon] : withoutDigest;
    }
}
