using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// The training Job's three steps, as rendered, run with sh against a temporary volume in the order Kubernetes runs them
/// (a step that fails ends the pod; the Job's next pod starts again from the first step), with a stand-in for
/// `dotnet crossmodal.dll` that trains one model or fails. Whatever fails, the live store keeps its models.
/// </summary>
public sealed class TrainingJobScriptTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("crossmodal-train-job-").FullName;
    string Volume => Path.Combine(root, "volume");
    string Store => Path.Combine(Volume, "store");
    string Bin => Path.Combine(root, "bin");

    public TrainingJobScriptTests()
    {
        // The store as the generator's seed-models step leaves it: a plain folder of model folders.
        foreach (var model in new[] { "sound-encoder", "s2i-c" }) Model(Path.Combine(Store, model), "seeded");
        Directory.CreateDirectory(Bin);
        // Stands in for `dotnet /app/crossmodal.dll ...`: `train recipe` saves model s2i-c-default into --models (and the
        // sound encoder it builds on must be there); `models verify` passes. TRAIN_FAILS / VERIFY_FAILS make them fail.
        var dotnet = Path.Combine(Bin, "dotnet");
        File.WriteAllText(dotnet, """
            #!/bin/sh
            shift
            case "$1 $2" in
            "train recipe")
              while [ $# -gt 0 ]; do if [ "$1" = "--models" ]; then models="$2"; fi; shift; done
              [ -f "$models/sound-encoder/manifest.json" ] || { echo "error: no sound-encoder to build on" >&2; exit 2; }
              mkdir -p "$models/s2i-c-default"; echo trained > "$models/s2i-c-default/manifest.json"
              if [ -n "${TRAIN_FAILS:-}" ]; then echo "error: killed" >&2; exit 137; fi ;;
            "models verify")
              if [ -n "${VERIFY_FAILS:-}" ]; then echo "error: model 's2i-c-default' is corrupt" >&2; exit 2; fi ;;
            *) echo "unexpected: $*" >&2; exit 3 ;;
            esac
            """.Replace("\r\n", "\n"));
        Assert.Equal(0, Repo.Run("chmod", ["+x", dotnet], TimeSpan.FromSeconds(10)).ExitCode);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    static void Model(string folder, string content)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), content);
    }

    /// <summary>One step's rendered script, pointed at the temporary volume.</summary>
    static string Script(string step)
    {
        var job = RenderTrainingJob().Get("Job", "train-models");
        var container = Array(PodSpec(job)["initContainers"]).Concat(Array(PodSpec(job)["containers"])).Single(c => Str(c["name"]) == step);
        return Str(Assert.Single(Array(container["args"])));
    }

    Repo.Result Run(string step, string uid, params (string Name, string Value)[] env)
    {
        var exports = string.Join(" ", env.Select(e => $"{e.Name}={e.Value}"));
        var script = Script(step).Replace("/models", Volume).Replace("/data/", Path.Combine(root, "data") + "/");
        return Repo.Run("sh", ["-c", $"export PATH='{Bin}':\"$PATH\" JOB_UID={uid} RECIPE=starter.json DATASET=synthetic {exports}; {script}"],
            TimeSpan.FromSeconds(60));
    }

    /// <summary>A pod of the Job: its steps in order until one fails; the exit code of the last step run, and which it was.</summary>
    (string Step, Repo.Result Result) Pod(string uid, params (string Name, string Value)[] env)
    {
        (string, Repo.Result) last = default;
        foreach (var step in new[] { "stage-models", "train", "promote" })
        {
            last = (step, Run(step, uid, env));
            if (last.Item2.ExitCode != 0) break;
        }
        return last;
    }

    string? LiveRelease() => new DirectoryInfo(Store).LinkTarget;

    string[] LiveModels() => Directory.GetDirectories(Store).Select(d => Path.GetFileName(d)!).Order().ToArray();

    [Fact]
    public void A_run_trains_in_staging_and_the_store_becomes_its_release_in_one_swap()
    {
        var (step, result) = Pod("uid-1");
        Assert.True(result.ExitCode == 0, $"{step}: {result.Stderr}");
        Assert.Equal("releases/uid-1", LiveRelease());
        // The release holds the models it built on and the one it trained.
        Assert.Equal(["s2i-c", "s2i-c-default", "sound-encoder"], LiveModels());
        // The plain store folder of before is kept as a release (roll back to it by pointing the link there).
        Assert.Equal("seeded", File.ReadAllText(Path.Combine(Volume, "releases", "seeded", "s2i-c", "manifest.json")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Volume, "staging")));
        Assert.False(File.Exists(Path.Combine(Volume, ".store.next")));
    }

    [Fact]
    public void A_failed_training_leaves_the_store_as_it_was_and_the_next_pod_resumes_in_the_same_staging_folder()
    {
        var (step, failed) = Pod("uid-2", ("TRAIN_FAILS", "1"));
        Assert.Equal("train", step);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Null(LiveRelease());   // still the plain folder, untouched
        Assert.Equal(["s2i-c", "sound-encoder"], LiveModels());
        Assert.True(File.Exists(Path.Combine(Volume, "staging", "uid-2", "s2i-c-default", "manifest.json")));

        var stage = Run("stage-models", "uid-2");
        Assert.Equal(0, stage.ExitCode);
        Assert.Contains("resuming", stage.Stdout);
        var (_, retried) = Pod("uid-2");
        Assert.Equal(0, retried.ExitCode);
        Assert.Equal("releases/uid-2", LiveRelease());
    }

    [Fact]
    public void A_release_that_fails_verification_never_goes_live()
    {
        Assert.Equal(0, Pod("uid-3").Result.ExitCode);
        var (step, failed) = Pod("uid-4", ("VERIFY_FAILS", "1"));
        Assert.Equal(("promote", 2), (step, failed.ExitCode));
        Assert.Equal("releases/uid-3", LiveRelease());
        Assert.False(Directory.Exists(Path.Combine(Volume, "releases", "uid-4")));
    }

    [Fact]
    public void A_promotion_cut_short_after_the_rename_is_finished_by_the_next_pod_without_training_again()
    {
        Assert.Equal(0, Pod("uid-5").Result.ExitCode);
        // The next Job's release renamed into place, then the pod died before the swap.
        Assert.Equal(0, Run("stage-models", "uid-6").ExitCode);
        Assert.Equal(0, Run("train", "uid-6").ExitCode);
        Directory.Move(Path.Combine(Volume, "staging", "uid-6"), Path.Combine(Volume, "releases", "uid-6"));
        Assert.Equal("releases/uid-5", LiveRelease());

        var (_, result) = Pod("uid-6", ("TRAIN_FAILS", "1"));   // training would fail: it must not run
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("releases/uid-6", LiveRelease());
    }

    [Fact]
    public void Old_releases_are_pruned_to_the_three_newest_and_the_live_and_previous_ones_are_kept()
    {
        foreach (var uid in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.Equal(0, Pod(uid).Result.ExitCode);
            Thread.Sleep(1100);   // distinct modification times for `ls -t`
        }
        Assert.Equal("releases/e", LiveRelease());
        var kept = Directory.GetDirectories(Path.Combine(Volume, "releases")).Select(d => Path.GetFileName(d)!).Order().ToArray();
        Assert.Equal(["c", "d", "e"], kept);
    }
}
