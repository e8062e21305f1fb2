using System.Text.Json.Nodes;
using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// Evaluates the rendered NetworkPolicies the way Kubernetes does (a pod selected by any policy of a direction admits
/// only what some selecting policy allows) over the rendered pods, and checks who may talk to whom.
/// </summary>
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    sealed record Pod(string Name, JsonObject Labels);

    static List<Pod> Pods(Manifests m) => m.Workloads.Select(w => new Pod(Name(w), PodLabels(w))).ToList();

    static bool Selects(JsonNode? selector, JsonObject labels)
    {
        if (selector is null) return false;
        if (selector["matchExpressions"] is JsonArray { Count: > 0 }) throw new Xunit.Sdk.XunitException("matchExpressions are not evaluated by this test");
        return selector["matchLabels"] is not JsonObject match || match.All(kv => Str(labels[kv.Key]) == Str(kv.Value));
    }

    static IEnumerable<JsonObject> PoliciesFor(Manifests m, Pod pod, string direction) =>
        m.OfKind("NetworkPolicy").Where(p => Selects(p["spec"]!["podSelector"], pod.Labels) &&
                                             Array(p["spec"]!["policyTypes"]).Any(t => Str(t) == direction));

    /// <summary>Whether a peer list admits <paramref name="peer"/> (a pod of the namespace); a rule without peers admits everyone.</summary>
    static bool Admits(JsonNode? peers, Pod peer) =>
        peers is not JsonArray list || list.Count == 0 ||
        list.Any(p => p!["namespaceSelector"] is null && p["ipBlock"] is null && Selects(p["podSelector"], peer.Labels));

    static bool PortAllowed(JsonNode rule, int port) =>
        rule["ports"] is not JsonArray ports || ports.Any(p => Str(p!["port"]) == port.ToString() && Str(p["protocol"]) is "" or "TCP");

    /// <summary>Whether <paramref name="from"/> may open a TCP connection to <paramref name="to"/> on <paramref name="port"/>.</summary>
    static bool MayConnect(Manifests m, Pod from, Pod to, int port)
    {
        var egress = PoliciesFor(m, from, "Egress").ToList();
        var egressOk = egress.Count == 0 || egress.Any(p => Array(p["spec"]!["egress"]).Any(r => Admits(r["to"], to) && PortAllowed(r, port)));
        var ingress = PoliciesFor(m, to, "Ingress").ToList();
        var ingressOk = ingress.Count == 0 || ingress.Any(p => Array(p["spec"]!["ingress"]).Any(r => Admits(r["from"], from) && PortAllowed(r, port)));
        return egressOk && ingressOk;
    }

    /// <summary>As <see cref="MayConnect(Manifests, Pod, Pod, int)"/> between two workloads named by their pods' name (for other deploy tests).</summary>
    internal static bool MayConnect(Manifests m, string from, string to, int port)
    {
        var pods = Pods(m);
        return MayConnect(m, pods.Single(p => p.Name == from), pods.Single(p => p.Name == to), port);
    }

    static readonly Dictionary<string, int> Listening = new()
    {
        ["encoder"] = Ports.Grpc("encoder"), ["generator"] = Ports.Grpc("generator"), ["evaluator"] = Ports.Grpc("evaluator"),
        ["postgres"] = 5432, ["web"] = Ports.Web,
    };

    [Theory, MemberData(nameof(Overlays))]
    public void Only_the_web_app_reaches_the_services_and_the_database(string overlay)
    {
        var m = Render(overlay);
        var pods = Pods(m);
        Assert.Equal(Listening.Keys.Order(), pods.Select(p => p.Name).Order());
        foreach (var to in pods.Where(p => p.Name != "web"))
        foreach (var from in pods.Where(p => p.Name != to.Name))
        {
            var expected = from.Name == "web";
            Assert.True(MayConnect(m, from, to, Listening[to.Name]) == expected,
                $"{overlay}: {from.Name} -> {to.Name}:{Listening[to.Name]} should be {(expected ? "allowed" : "denied")}");
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Nothing_but_the_listening_port_is_open_and_no_pod_reaches_the_web_app_but_from_outside(string overlay)
    {
        var m = Render(overlay);
        var pods = Pods(m);
        var web = pods.Single(p => p.Name == "web");
        foreach (var to in pods)
        foreach (var from in pods.Where(p => p.Name != to.Name))
            Assert.False(MayConnect(m, from, to, 22), $"{overlay}: {from.Name} -> {to.Name}:22 is open");

        // Browsers come through the ingress controller (another namespace) or a load balancer: the web port admits
        // any source, and is the only ingress rule of the web app.
        var rules = PoliciesFor(m, web, "Ingress").SelectMany(p => Array(p["spec"]!["ingress"])).ToList();
        var rule = Assert.Single(rules);
        Assert.Null(rule["from"]);
        Assert.True(PortAllowed(rule, Ports.Web));
        Assert.False(PortAllowed(rule, 5101));
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Every_pod_is_covered_by_the_default_deny_and_may_reach_dns_only_beyond_its_peers(string overlay)
    {
        var m = Render(overlay);
        var deny = m.Get("NetworkPolicy", "default-deny")["spec"]!;
        Assert.Empty(deny["podSelector"]!.AsObject());
        Assert.Equal(["Egress", "Ingress"], Array(deny["policyTypes"]).Select(Str).Order());
        Assert.Null(deny["ingress"]);
        Assert.Null(deny["egress"]);

        foreach (var pod in Pods(m).Where(p => p.Name != "web"))
        {
            // Services and the database open no connection of their own except DNS look-ups.
            var rules = PoliciesFor(m, pod, "Egress").SelectMany(p => Array(p["spec"]!["egress"])).ToList();
            Assert.All(rules, r =>
            {
                // A rule without ports or peers would allow every port or every destination.
                Assert.NotEmpty(Array(r["ports"]));
                Assert.NotEmpty(Array(r["to"]));
                Assert.All(Array(r["ports"]), p => Assert.Equal("53", Str(p["port"])));
                Assert.All(Array(r["to"]), peer => Assert.Equal("kube-dns", Str(peer["podSelector"]?["matchLabels"]?["k8s-app"])));
            });
        }
    }
}
