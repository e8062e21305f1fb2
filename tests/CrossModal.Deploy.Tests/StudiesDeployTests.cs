using System.Text.Json.Nodes;
using CrossModal.Clients;
using CrossModal.Protos.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// A study can be created on Kubernetes: the web app, given exactly the rendered configuration, sends its study-samples
/// calls to the evaluator and needs no dataset; the network policies let it reach the evaluator; the evaluator mounts
/// the datasets claim at its data root and names a studies dataset inside it.
/// </summary>
public sealed class StudiesDeployTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    /// <summary>A container's environment as the pod sees it: its ConfigMaps (envFrom, in order) then its own env values.</summary>
    static Dictionary<string, string> Environment(Manifests m, JsonObject container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Array(container["envFrom"]))
        {
            var name = Str(source["configMapRef"]?["name"]);
            if (name.Length == 0) continue;
            var map = m.OfKind("ConfigMap").SingleOrDefault(c => Name(c) == name)
                ?? throw new Xunit.Sdk.XunitException($"{m.Overlay}: {Str(container["name"])} reads ConfigMap '{name}', which is not rendered");
            foreach (var (key, value) in map["data"]!.AsObject()) env[key] = Str(value);
        }
        foreach (var e in Array(container["env"]))
            if (e["value"] is not null) env[Str(e["name"])] = Str(e["value"]);
        return env;
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_web_apps_rendered_configuration_sends_study_samples_calls_to_the_evaluator(string overlay)
    {
        var m = Render(overlay);
        var env = Environment(m, Container(m.Get("Deployment", "web"), "web"));
        // The keys as .NET configuration reads environment variables ("__" is ":").
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(env.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":"), (string?)kv.Value))).Build();
        var services = new ServiceCollection();
        services.AddCrossModalClients(configuration);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<GrpcClientFactoryOptions>>().Get(nameof(StudySamplesService.StudySamplesServiceClient));
        Assert.Equal(new Uri($"dns:///evaluator:{Ports.Grpc("evaluator")}"), options.Address);
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_web_pod_mounts_and_configures_no_dataset(string overlay)
    {
        var m = Render(overlay);
        var web = m.Get("Deployment", "web");
        var claims = Array(PodSpec(web)["volumes"]).Select(v => Str(v["persistentVolumeClaim"]?["claimName"])).Where(c => c.Length > 0);
        Assert.DoesNotContain("datasets", claims);
        foreach (var container in Containers(web))
        {
            var keys = Environment(m, container).Keys.Concat(Array(container["env"]).Select(e => Str(e["name"])));
            Assert.DoesNotContain(keys, k => k.Contains("Dataset", StringComparison.OrdinalIgnoreCase) || k == "CrossModal__Data");
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_evaluator_mounts_the_datasets_claim_at_its_data_root_and_names_a_studies_dataset_inside_it(string overlay)
    {
        var m = Render(overlay);
        var deployment = m.Get("Deployment", "evaluator");
        var container = Container(deployment, "evaluator");
        var env = Environment(m, container);
        var volume = Array(PodSpec(deployment)["volumes"]).Single(v => Str(v["persistentVolumeClaim"]?["claimName"]) == "datasets");
        var mount = Array(container["volumeMounts"]).Single(v => Str(v["name"]) == Str(volume["name"]));
        Assert.Equal(Str(mount["mountPath"]), env["CrossModal__Data"]);
        Assert.Equal("true", Str(mount["readOnly"]));

        // A folder directly under the data root (the service refuses anything that leads outside it).
        var dataset = env["CrossModal__Studies__Dataset"];
        Assert.Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$", dataset);
        Assert.NotEqual("..", dataset);
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_network_policies_let_the_web_app_reach_the_evaluator(string overlay)
    {
        var m = Render(overlay);
        Assert.True(NetworkPolicyTests.MayConnect(m, "web", "evaluator", Ports.Grpc("evaluator")),
            $"{overlay}: the web app cannot reach the evaluator's study samples on {Ports.Grpc("evaluator")}");
    }
}
