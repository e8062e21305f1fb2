using System.Text.Json;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class TrainRecipeCommandTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cm-recipe-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static string RecipeIdOf(string models) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "sound-encoder", "manifest.json"))).RootElement.GetProperty("recipe").GetString()!;

    /// <summary>
    /// --seed trains the recipe's second seed (issue 17: the default model over two seeds): the seed is part of each
    /// step's id, so a store trained with another seed is not taken for this one, and the same seed is.
    /// </summary>
    [Fact]
    public void Seed_overrides_the_recipes_and_a_store_trained_with_another_seed_is_trained_again()
    {
        var data = EvaluateFixtures.Dataset(Path.Combine(_root, "data"));
        var recipe = Path.Combine(_root, "tiny.json");
        File.WriteAllText(recipe, """{ "name": "tiny", "seed": 1, "threads": 1, "soundEncoder": { "epochs": 1, "batchSize": 4 } }""");
        string seed1 = Path.Combine(_root, "seed1"), seed2 = Path.Combine(_root, "seed2");

        var first = CliProcess.Run("train", "recipe", recipe, "--data", data, "--models", seed1);
        Assert.True(first.ExitCode == 0, first.StdErr);
        var second = CliProcess.Run("train", "recipe", recipe, "--data", data, "--models", seed2, "--seed", "2");
        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.NotEqual(RecipeIdOf(seed1), RecipeIdOf(seed2));

        // Seed 2 again into its own store: kept. Seed 1 into seed 2's store: trained again.
        var again = CliProcess.Run("train", "recipe", recipe, "--data", data, "--models", seed2, "--seed", "2");
        Assert.Contains("already trained by this recipe", again.StdOut + again.StdErr);
        var other = CliProcess.Run("train", "recipe", recipe, "--data", data, "--models", seed2);
        Assert.True(other.ExitCode == 0, other.StdErr);
        Assert.Equal(RecipeIdOf(seed1), RecipeIdOf(seed2));
    }
}
