namespace CrossModal.Core.Recipes;

/// <summary>
/// Where a recipe's steps keep their checkpoints, <c>&lt;models&gt;/.runs/&lt;id&gt;</c>, and when they go: an interrupted step
/// resumes from its folder, a saved model's folder is removed, and the whole <c>.runs</c> folder at the end of a run.
/// </summary>
internal static class RecipeCheckpoints
{
    const string Runs = ".runs";

    /// <summary>
    /// The checkpoint folder of model <paramref name="id"/> trained by step settings <paramref name="stepId"/>, created if
    /// needed. Checkpoints left by the same settings are kept (the trainer resumes from them); ones left by other
    /// settings of that model are stale and removed.
    /// </summary>
    public static string Folder(string outputRoot, string id, string stepId, Action<string> say)
    {
        var folder = Path.Combine(outputRoot, Runs, id);
        var marker = Path.Combine(folder, "step.txt");
        if (Directory.Exists(folder) && (!File.Exists(marker) || File.ReadAllText(marker) != stepId))
        {
            say("removing checkpoints of other settings of this model");
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(marker, stepId);
        return folder;
    }

    /// <summary>Drops model <paramref name="id"/>'s checkpoints once the model is saved.</summary>
    public static void Remove(string outputRoot, string id)
    {
        var checkpoints = Path.Combine(outputRoot, Runs, id);
        if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
    }

    /// <summary>Drops every step's checkpoints at the end of a run.</summary>
    public static void RemoveAll(string outputRoot)
    {
        var runs = Path.Combine(outputRoot, Runs);
        if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
    }
}
