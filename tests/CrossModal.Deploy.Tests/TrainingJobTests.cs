using System.Text.Json.Nodes;
using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// The training Job as rendered (k8s/jobs/train): `crossmodal train recipe` from the CLI's CUDA image on one GPU node,
/// into a staging folder of the model-store claim, then the promote step that swaps the live store; placed, mounted
/// and locked down as the other workloads are.
/// </summary>
public sealed class TrainingJobTests
{
    const string Gpu = "nvidia.com/gpu";
    static readonly string[] Steps = ["stage-models", "train", "promote"];

    static JsonObject Job() => RenderTrainingJob().Get("Job", "train-models");

    /// <summary>The pod's containers in the order they run: the init containers, then the main one.</summary>
    static List<JsonObject> InOrder(JsonObject job) =>
        Array(PodSpec(job)["initContainers"]).Concat(Array(PodSpec(job)["containers"])).Select(c => c.AsObject()).ToList();

    static JsonObject Step(string name) => InOrder(Job()).Single(c => Str(c["name"]) == name);

    static string Script(string step)
    {
        var container = Step(step);
        Assert.Equal(["sh", "-c"], Array(container["command"]).Select(Str));
        return Str(Assert.Single(Array(container["args"])));
    }

    [Fact]
    public void The_job_is_apart_from_the_overlays_so_applying_them_never_starts_a_run()
    {
        foreach (var overlay in new[] { "cpu", "gpu" })
            Assert.Empty(Render(overlay).OfKind("Job"));
        var job = Job();
        Assert.Equal(Namespace, Str(job["metadata"]!["namespace"]));
        Assert.Equal("Never", Str(PodSpec(job)["restartPolicy"]));
        Assert.True(int.Parse(Str(job["spec"]!["backoffLimit"])) >= 1, "a failed pod must be retried (it resumes from the staging folder)");
        Assert.False(string.IsNullOrEmpty(Str(job["spec"]!["activeDeadlineSeconds"])));
        Assert.False(string.IsNullOrEmpty(Str(job["spec"]!["ttlSecondsAfterFinished"])));
    }

    [Fact]
    public void Training_runs_on_one_gpu_node_with_the_cuda_cli_image()
    {
        var job = Job();
        var pod = PodSpec(job);
        Assert.Equal("true", Str(pod["nodeSelector"]?["nvidia.com/gpu.present"]));
        Assert.Contains(Array(pod["tolerations"]), t => Str(t["key"]) == Gpu && Str(t["operator"]) == "Exists" && Str(t["effect"]) == "NoSchedule");

        Assert.Equal("1", Str(Step("train")["resources"]!["limits"]![Gpu]));
        // The steps around it copy and rename folders: no GPU of their own (the pod holds the one the training asks for).
        Assert.All(InOrder(job).Where(c => Str(c["name"]) != "train"), c => Assert.Null(c["resources"]?["limits"]?[Gpu]));
        Assert.All(InOrder(job), c => Assert.Equal("crossmodal/cli:0.1.0-cuda", Str(c["image"])));
        Assert.DoesNotContain(Array(Step("train")["env"]), e => Str(e["name"]) == "NVIDIA_VISIBLE_DEVICES");
    }

    [Fact]
    public void The_train_step_runs_the_cli_recipe_command_into_the_staging_folder_of_the_model_store()
    {
        var train = Script("train");
        Assert.Contains("dotnet /app/crossmodal.dll train recipe \"$RECIPE\" --data \"/data/$DATASET\" --models \"/models/staging/$JOB_UID\"", train);
        Assert.Contains("exec ", train);   // the pod's stop signal reaches the CLI, which stops at a checkpoint

        // RECIPE and DATASET come from train-config; the recipe is one the CLI image carries (cli/Dockerfile copies
        // models/recipes/ to /opt/crossmodal/recipes/).
        var config = RenderTrainingJob().Generated("ConfigMap", "train-config");
        Assert.Contains(Array(Step("train")["envFrom"]), e => Str(e["configMapRef"]?["name"]) == Name(config));
        var recipe = Str(config["data"]!["RECIPE"]);
        Assert.StartsWith("/opt/crossmodal/recipes/", recipe);
        Assert.True(File.Exists(Repo.Path("models", "recipes", Path.GetFileName(recipe))), $"{recipe} is not in models/recipes");
        Assert.False(string.IsNullOrEmpty(Str(config["data"]!["DATASET"])));

        // One staging folder per Job, the same for every pod of it (so a retried pod resumes): the Job's uid.
        foreach (var step in InOrder(Job()))
        {
            var uid = Array(step["env"]).Single(e => Str(e["name"]) == "JOB_UID");
            Assert.Equal("metadata.labels['batch.kubernetes.io/controller-uid']", Str(uid["valueFrom"]!["fieldRef"]!["fieldPath"]));
        }
    }

    [Fact]
    public void Every_step_mounts_the_model_store_claim_read_write_and_training_reads_the_datasets()
    {
        var job = Job();
        var volumes = Array(PodSpec(job)["volumes"]).ToList();
        var store = volumes.Single(v => Str(v["persistentVolumeClaim"]?["claimName"]) == "model-store");
        Assert.Equal("", Str(store["persistentVolumeClaim"]!["readOnly"]));
        var data = volumes.Single(v => Str(v["persistentVolumeClaim"]?["claimName"]) == "datasets");
        foreach (var step in InOrder(job))
        {
            var mount = Array(step["volumeMounts"]).Single(m => Str(m["name"]) == Str(store["name"]));
            Assert.Equal("/models", Str(mount["mountPath"]));
            Assert.Equal("", Str(mount["readOnly"]));
        }
        var dataMount = Array(Step("train")["volumeMounts"]).Single(m => Str(m["name"]) == Str(data["name"]));
        Assert.Equal(("/data", "true"), (Str(dataMount["mountPath"]), Str(dataMount["readOnly"])));
        // The claims are the overlays' own, and the services read the store at the path the promote step swaps.
        var claims = Render("gpu").OfKind("PersistentVolumeClaim").Select(Name).ToHashSet();
        Assert.Contains("model-store", claims);
        Assert.Contains("datasets", claims);
        Assert.Equal("/models/store", Str(Render("gpu").Generated("ConfigMap", "services-config")["data"]!["CrossModal__Models"]));
    }

    [Fact]
    public void The_pod_runs_as_non_root_with_a_read_only_root_filesystem_like_the_other_workloads()
    {
        var job = Job();
        var pod = PodSpec(job);
        Assert.Equal("true", Str(pod["securityContext"]?["runAsNonRoot"]));
        Assert.Equal("1654", Str(pod["securityContext"]?["runAsUser"]));   // the .NET images' app user, as the services
        Assert.Equal("1654", Str(pod["securityContext"]?["fsGroup"]));
        Assert.Equal("RuntimeDefault", Str(pod["securityContext"]?["seccompProfile"]?["type"]));
        Assert.Equal("false", Str(pod["automountServiceAccountToken"]));
        foreach (var container in InOrder(job))
        {
            var what = $"train-models/{Str(container["name"])}";
            Assert.True(Str(container["securityContext"]?["readOnlyRootFilesystem"]) == "true", $"{what} has a writable root filesystem");
            Assert.True(Str(container["securityContext"]?["allowPrivilegeEscalation"]) == "false", $"{what} may escalate privileges");
            Assert.Contains(Array(container["securityContext"]?["capabilities"]?["drop"]), c => Str(c) == "ALL");
            foreach (var kind in new[] { "requests", "limits" })
            foreach (var resource in new[] { "cpu", "memory" })
                Assert.False(string.IsNullOrEmpty(Str(container["resources"]?[kind]?[resource])), $"{what} has no {resource} {kind}");
        }
    }

    [Fact]
    public void The_rollout_step_runs_last_verifies_the_release_and_swaps_the_live_store_in_one_rename()
    {
        Assert.Equal(Steps, InOrder(Job()).Select(c => Str(c["name"])));
        Assert.Equal("promote", Str(Assert.Single(Array(PodSpec(Job())["containers"]))["name"]));   // after every init container succeeded
        var promote = Script("promote");
        Assert.Contains("crossmodal.dll models verify \"/models/staging/$JOB_UID\"", promote);
        Assert.Contains("mv -T /models/.store.next /models/store", promote);
        Assert.True(promote.IndexOf("models verify", StringComparison.Ordinal) < promote.IndexOf("mv -T", StringComparison.Ordinal));
    }
}
