using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// The objects an overlay renders to (<c>kubectl kustomize k8s/overlays/NAME</c>), as JSON trees whose scalars are
/// strings (YAML read without a schema), with look-ups by kind and name.
/// </summary>
public sealed class Manifests
{
    public const string Namespace = "crossmodal";
    public static readonly string[] GrpcServices = ["encoder", "generator", "evaluator"];

    static readonly Dictionary<string, Manifests> Cache = new();
    static readonly object Gate = new();

    public string Overlay { get; }
    public IReadOnlyList<JsonObject> Objects { get; }

    Manifests(string overlay, IReadOnlyList<JsonObject> objects) => (Overlay, Objects) = (overlay, objects);

    /// <summary>The overlay rendered once per test run.</summary>
    public static Manifests Render(string overlay) => RenderFolder($"k8s/overlays/{overlay}", overlay);

    /// <summary>The training Job (k8s/jobs/train), kept apart from the overlays so that applying one never starts a run.</summary>
    public static Manifests RenderTrainingJob() => RenderFolder("k8s/jobs/train", "jobs/train");

    static Manifests RenderFolder(string folder, string name)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(folder, out var cached)) return cached;
            var result = Repo.Run("kubectl", ["kustomize", folder], TimeSpan.FromSeconds(120),
                "kubectl renders the Kubernetes overlays: scripts/bootstrap.sh installs it (Debian's kubernetes-client) when it is missing.");
            if (result.ExitCode != 0)
                throw new Xunit.Sdk.XunitException($"kubectl kustomize {folder} failed ({result.ExitCode}): {result.Stderr}");
            var manifests = new Manifests(name, Parse(result.Stdout));
            Cache[folder] = manifests;
            return manifests;
        }
    }

    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (ToJson(deserializer.Deserialize<object>(parser)) is JsonObject o) objects.Add(o);
        }
        return objects;
    }

    static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key.ToString()!, ToJson(kv.Value)))),
        IList<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => Str(o["kind"]) == kind);

    public JsonObject Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Name(o) == name) ?? throw new Xunit.Sdk.XunitException($"{Overlay}: no {kind} '{name}'");

    /// <summary>A generated object (ConfigMap, Secret) by the name before kustomize's hash suffix.</summary>
    public JsonObject Generated(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Name(o) == name || Name(o).StartsWith(name + "-", StringComparison.Ordinal) && Name(o).Length == name.Length + 11)
        ?? throw new Xunit.Sdk.XunitException($"{Overlay}: no generated {kind} '{name}'");

    /// <summary>Deployments and StatefulSets: everything that runs pods.</summary>
    public IEnumerable<JsonObject> Workloads => OfKind("Deployment").Concat(OfKind("StatefulSet"));

    public static string Name(JsonNode o) => Str(o["metadata"]!["name"]);
    public static string Str(JsonNode? n) => n?.GetValue<string>() ?? "";
    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();
    public static JsonObject PodLabels(JsonObject workload) => workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    public static IEnumerable<JsonObject> Containers(JsonObject workload, bool includeInit = true)
    {
        var spec = PodSpec(workload);
        var all = spec["containers"]!.AsArray().AsEnumerable();
        if (includeInit && spec["initContainers"] is JsonArray init) all = all.Concat(init);
        return all.Select(c => c!.AsObject());
    }

    public static JsonObject Container(JsonObject workload, string name) =>
        Containers(workload, includeInit: false).SingleOrDefault(c => Str(c["name"]) == name)
        ?? throw new Xunit.Sdk.XunitException($"{Name(workload)} has no container '{name}'");

    public static IEnumerable<JsonNode> Array(JsonNode? n) => n is JsonArray a ? a.Select(x => x!) : [];
}
