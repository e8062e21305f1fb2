using System.Text.Json.Nodes;
using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>What both overlays must render: the four parts, their probes, resources, storage, database and affinity.</summary>
public sealed class KubernetesTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    [Theory, MemberData(nameof(Overlays))]
    public void Every_object_lives_in_the_crossmodal_namespace(string overlay)
    {
        var m = Render(overlay);
        Assert.Single(m.OfKind("Namespace"), n => Name(n) == Namespace);
        foreach (var o in m.Objects.Where(o => Str(o["kind"]) != "Namespace"))
            Assert.True(Str(o["metadata"]!["namespace"]) == Namespace, $"{Str(o["kind"])}/{Name(o)} is in namespace '{Str(o["metadata"]!["namespace"])}'");
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_four_parts_have_a_deployment_and_a_service_selecting_its_pods(string overlay)
    {
        var m = Render(overlay);
        foreach (var part in GrpcServices.Append("web"))
        {
            var deployment = m.Get("Deployment", part);
            var service = m.Get("Service", part);
            var labels = PodLabels(deployment);
            var selector = service["spec"]!["selector"]!.AsObject();
            Assert.NotEmpty(selector);
            foreach (var (key, value) in selector)
                Assert.True(Str(labels[key]) == Str(value), $"{overlay}: Service {part} selects {key}={Str(value)}, the pods have '{Str(labels[key])}'");
            var deploymentSelector = deployment["spec"]!["selector"]!["matchLabels"]!.AsObject();
            foreach (var (key, value) in deploymentSelector) Assert.Equal(Str(value), Str(labels[key]));
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Grpc_services_are_headless_and_probed_natively_on_their_configured_port(string overlay)
    {
        var m = Render(overlay);
        foreach (var service in GrpcServices)
        {
            var port = Ports.Grpc(service);
            var container = Container(m.Get("Deployment", service), service);
            Assert.Contains(Array(container["ports"]), p => Str(p["containerPort"]) == port.ToString() && Str(p["name"]) == "grpc");
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                var grpc = container[probe]?["grpc"];
                Assert.True(grpc is not null, $"{overlay}: {service} has no grpc {probe}");
                Assert.Equal(port.ToString(), Str(grpc!["port"]));
                Assert.Null(container[probe]!["httpGet"]);
            }

            var svc = m.Get("Service", service)["spec"]!;
            Assert.Equal("None", Str(svc["clusterIP"]));
            var servicePort = Assert.Single(Array(svc["ports"]));
            Assert.Equal(port.ToString(), Str(servicePort["port"]));
            Assert.Equal("grpc", Str(servicePort["targetPort"]));
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_web_app_is_probed_over_http_on_healthz_and_its_clients_use_round_robin_dns_addresses(string overlay)
    {
        var m = Render(overlay);
        var web = Container(m.Get("Deployment", "web"), "web");
        Assert.Contains(Array(web["ports"]), p => Str(p["containerPort"]) == Ports.Web.ToString() && Str(p["name"]) == "http");
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("/healthz", Str(web[probe]?["httpGet"]?["path"]));
            Assert.Equal("http", Str(web[probe]!["httpGet"]!["port"]));
        }

        var config = m.Generated("ConfigMap", "web-config")["data"]!;
        Assert.Contains(Array(web["envFrom"]), e => Str(e["configMapRef"]?["name"]) == Name(m.Generated("ConfigMap", "web-config")));
        Assert.Equal($"http://0.0.0.0:{Ports.Web}", Str(config["Kestrel__Endpoints__Http__Url"]));
        foreach (var service in GrpcServices)
        {
            // The address names the headless Service and the port the service listens on.
            Assert.Equal($"dns:///{service}:{Ports.Grpc(service)}", Str(config[$"services__{service}__grpc__0"]));
            Assert.Equal("None", Str(m.Get("Service", service)["spec"]!["clusterIP"]));
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string overlay)
    {
        var m = Render(overlay);
        foreach (var workload in m.Workloads)
        foreach (var container in Containers(workload))
        foreach (var kind in new[] { "requests", "limits" })
        foreach (var resource in new[] { "cpu", "memory" })
            Assert.True(!string.IsNullOrEmpty(Str(container["resources"]?[kind]?[resource])),
                $"{overlay}: {Name(workload)}/{Str(container["name"])} has no {resource} {kind}");
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Pods_run_as_non_root_with_a_read_only_root_filesystem(string overlay)
    {
        var m = Render(overlay);
        foreach (var workload in m.Workloads)
        {
            var pod = PodSpec(workload);
            Assert.Equal("true", Str(pod["securityContext"]?["runAsNonRoot"]));
            Assert.NotEqual("0", Str(pod["securityContext"]?["runAsUser"]));
            Assert.Equal("false", Str(pod["automountServiceAccountToken"]));
            foreach (var container in Containers(workload))
            {
                var what = $"{overlay}: {Name(workload)}/{Str(container["name"])}";
                Assert.True(Str(container["securityContext"]?["readOnlyRootFilesystem"]) == "true", $"{what} has a writable root filesystem");
                Assert.True(Str(container["securityContext"]?["allowPrivilegeEscalation"]) == "false", $"{what} may escalate privileges");
            }
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Encoder_and_evaluator_scale_with_an_autoscaler_and_nothing_else_does(string overlay)
    {
        var m = Render(overlay);
        var targets = m.OfKind("HorizontalPodAutoscaler").Select(h => h["spec"]!["scaleTargetRef"]!).ToList();
        Assert.Equal(["encoder", "evaluator"], targets.Select(t => Str(t["name"])).Order());
        foreach (var hpa in m.OfKind("HorizontalPodAutoscaler"))
        {
            var spec = hpa["spec"]!;
            Assert.Equal("autoscaling/v2", Str(hpa["apiVersion"]));
            Assert.Equal("Deployment", Str(spec["scaleTargetRef"]!["kind"]));
            Assert.True(int.Parse(Str(spec["minReplicas"])) <= int.Parse(Str(spec["maxReplicas"])));
            Assert.Contains(Array(spec["metrics"]), x => Str(x["resource"]?["name"]) == "cpu");
            // The autoscaler owns the replica count: a fixed one in the Deployment would be reset on every apply.
            Assert.Null(m.Get("Deployment", Str(spec["scaleTargetRef"]!["name"]))["spec"]!["replicas"]);
        }
        Assert.Equal("1", Str(m.Get("Deployment", "generator")["spec"]!["replicas"]));
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_model_store_is_a_shared_claim_mounted_read_only_except_in_the_generator(string overlay)
    {
        var m = Render(overlay);
        var claim = m.Get("PersistentVolumeClaim", "model-store");
        Assert.Contains(Array(claim["spec"]!["accessModes"]), a => Str(a) == "ReadWriteMany");
        Assert.False(string.IsNullOrEmpty(Str(claim["spec"]!["resources"]!["requests"]!["storage"])));

        foreach (var service in GrpcServices)
        {
            var deployment = m.Get("Deployment", service);
            var volume = Array(PodSpec(deployment)["volumes"]).Single(v => Str(v["persistentVolumeClaim"]?["claimName"]) == "model-store");
            var mount = Array(Container(deployment, service)["volumeMounts"]).Single(v => Str(v["name"]) == Str(volume["name"]));
            Assert.Equal("/models", Str(mount["mountPath"]));
            var readOnly = service != "generator";
            Assert.Equal(readOnly ? "true" : "", Str(mount["readOnly"]));
            Assert.Equal(readOnly ? "true" : "", Str(volume["persistentVolumeClaim"]!["readOnly"]));
            // The services find the store inside the mount (a folder of it: the volume root may hold lost+found).
            Assert.Equal("/models/store", Str(m.Generated("ConfigMap", "services-config")["data"]!["CrossModal__Models"]));
        }

        // Every claim a pod names exists.
        var claims = m.OfKind("PersistentVolumeClaim").Select(Name).ToHashSet();
        foreach (var workload in m.Workloads)
        foreach (var volume in Array(PodSpec(workload)["volumes"]))
            if (volume["persistentVolumeClaim"] is { } pvc) Assert.Contains(Str(pvc["claimName"]), claims);
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Postgres_runs_as_a_statefulset_with_its_own_claim_and_credentials_from_a_secret_the_web_app_shares(string overlay)
    {
        var m = Render(overlay);
        var postgres = m.Get("StatefulSet", "postgres");
        var template = Assert.Single(Array(postgres["spec"]!["volumeClaimTemplates"]));
        Assert.Contains(Array(Container(postgres, "postgres")["volumeMounts"]), v => Str(v["name"]) == Str(template["metadata"]!["name"]));
        Assert.Equal("None", Str(m.Get("Service", "postgres")["spec"]!["clusterIP"]));
        Assert.Equal("postgres", Str(postgres["spec"]!["serviceName"]));

        var secret = Name(m.Generated("Secret", "postgres-credentials"));
        Assert.Contains(Array(Container(postgres, "postgres")["envFrom"]), e => Str(e["secretRef"]?["name"]) == secret);
        var secretKeys = m.Generated("Secret", "postgres-credentials")["data"]!.AsObject().Select(kv => kv.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB" }, secretKeys);

        var web = Container(m.Get("Deployment", "web"), "web");
        var env = Array(web["env"]).ToList();
        foreach (var key in new[] { "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB" })
        {
            var variable = env.Single(e => Str(e["name"]) == key);
            Assert.Equal(secret, Str(variable["valueFrom"]!["secretKeyRef"]!["name"]));
            Assert.Equal(key, Str(variable["valueFrom"]!["secretKeyRef"]!["key"]));
        }
        // The connection string is composed from those variables (defined before it, so Kubernetes expands them).
        var connection = env.Single(e => Str(e["name"]) == "ConnectionStrings__CrossModal");
        var connectionIndex = env.IndexOf(connection);
        Assert.Contains("Host=postgres;Port=5432", Str(connection["value"]));
        foreach (var key in new[] { "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB" })
        {
            Assert.Contains($"$({key})", Str(connection["value"]));
            Assert.True(env.FindIndex(e => Str(e["name"]) == key) < connectionIndex, $"{key} must be defined before the connection string");
        }
        Assert.Equal("postgres", Str(m.Generated("ConfigMap", "web-config")["data"]!["CrossModal__Database__Provider"]));
        // Every secret any pod refers to exists.
        var secrets = m.OfKind("Secret").Select(Name).ToHashSet();
        foreach (var workload in m.Workloads)
        foreach (var container in Containers(workload))
        {
            foreach (var e in Array(container["env"]))
                if (e["valueFrom"]?["secretKeyRef"] is { } r) Assert.Contains(Str(r["name"]), secrets);
            foreach (var e in Array(container["envFrom"]))
                if (e["secretRef"] is { } r) Assert.Contains(Str(r["name"]), secrets);
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Blazor_circuits_stay_on_one_pod_through_service_and_ingress_affinity(string overlay)
    {
        var m = Render(overlay);
        var service = m.Get("Service", "web")["spec"]!;
        Assert.Equal("ClientIP", Str(service["sessionAffinity"]));
        Assert.True(int.Parse(Str(service["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"])) >= 3600);

        var ingress = m.Get("Ingress", "web");
        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.Equal("cookie", Str(annotations["nginx.ingress.kubernetes.io/affinity"]));
        Assert.True(int.Parse(Str(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])) >= 3600, "SignalR's WebSocket needs a long read timeout");
        var backend = ingress["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal("web", Str(backend["name"]));
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Images_carry_an_explicit_tag(string overlay)
    {
        var m = Render(overlay);
        foreach (var workload in m.Workloads)
        foreach (var container in Containers(workload))
        {
            var image = Str(container["image"]);
            var tag = image.Contains(':') ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.True(tag.Length > 0 && tag != "latest", $"{overlay}: {Name(workload)}/{Str(container["name"])} uses '{image}'");
        }
    }
}
