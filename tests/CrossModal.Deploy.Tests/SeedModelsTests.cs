using static CrossModal.Deploy.Tests.Manifests;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// The init containers' shell scripts, as rendered, run with sh against a temporary volume: the generator seeds an
/// empty store with the image's model folders only, and the encoder waits for a model.
/// </summary>
public sealed class SeedModelsTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("crossmodal-seed-").FullName;
    string Volume => Path.Combine(root, "volume");
    string Starter => Path.Combine(root, "starter");

    public SeedModelsTests()
    {
        Directory.CreateDirectory(Path.Combine(Volume, "lost+found"));
        foreach (var model in new[] { "s2i-c", "sound-encoder" })
        {
            Directory.CreateDirectory(Path.Combine(Starter, model));
            File.WriteAllText(Path.Combine(Starter, model, "manifest.json"), "{}");
            File.WriteAllText(Path.Combine(Starter, model, "generator.weights"), model);
        }
        // What the real starter set also holds: preview images (no manifest) and a history file.
        Directory.CreateDirectory(Path.Combine(Starter, "previews"));
        File.WriteAllText(Path.Combine(Starter, "previews", "s2i-c.png"), "png");
        File.WriteAllText(Path.Combine(Starter, "training-history.json"), "[]");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>The rendered script of an init container, pointed at the temporary folders.</summary>
    string Script(string deployment, string container, int waitRounds = 300)
    {
        var init = Array(PodSpec(Render("cpu").Get("Deployment", deployment))["initContainers"]).Single(c => Str(c["name"]) == container);
        Assert.Equal(["sh", "-c"], Array(init["command"]).Select(Str));
        return Str(Assert.Single(Array(init["args"])))
            .Replace("/opt/crossmodal/starter-models", Starter)
            .Replace("/models", Volume)
            .Replace("seq 1 300", $"seq 1 {waitRounds}");
    }

    Repo.Result Sh(string script) => Repo.Run("sh", ["-c", script], TimeSpan.FromSeconds(60));

    [Fact]
    public void The_generator_seeds_an_empty_store_with_model_folders_only_and_leaves_a_seeded_one_alone()
    {
        var seed = Script("generator", "seed-models");
        var first = Sh(seed);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var store = Path.Combine(Volume, "store");
        Assert.Equal(["s2i-c", "sound-encoder"], Directory.GetFileSystemEntries(store).Select(Path.GetFileName).Order());
        Assert.Equal("s2i-c", File.ReadAllText(Path.Combine(store, "s2i-c", "generator.weights")));
        Assert.Equal(["lost+found", "store"], Directory.GetFileSystemEntries(Volume).Select(Path.GetFileName).Order()); // no hidden leftovers

        // A store with models (the operator's own) is never overwritten.
        File.WriteAllText(Path.Combine(store, "s2i-c", "generator.weights"), "operator's");
        Directory.Delete(Path.Combine(store, "sound-encoder"), recursive: true);
        var second = Sh(seed);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("not seeding", second.Stdout);
        Assert.Equal(["s2i-c"], Directory.GetFileSystemEntries(store).Select(Path.GetFileName));
        Assert.Equal("operator's", File.ReadAllText(Path.Combine(store, "s2i-c", "generator.weights")));
    }

    [Fact]
    public void The_encoder_waits_for_a_model_and_gives_up_with_a_message()
    {
        var gaveUp = Sh(Script("encoder", "wait-for-models", waitRounds: 1));
        Assert.Equal(1, gaveUp.ExitCode);
        Assert.Contains("no model in", gaveUp.Stderr);

        Assert.Equal(0, Sh(Script("generator", "seed-models")).ExitCode);
        Assert.Equal(0, Sh(Script("encoder", "wait-for-models")).ExitCode);
        Assert.Equal(0, Sh(Script("evaluator", "wait-for-models")).ExitCode);
    }
}
