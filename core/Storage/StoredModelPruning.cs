using CrossModal.Core.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Storage;

public static partial class StoredModels
{
    /// <summary>
    /// Drops the discriminator of every GAN in the store, keeping the generator and the manifest (re-hashed).
    /// A discriminator is only needed to continue training; a model set shipped for generation (the starter set)
    /// is half the size without them. Returns the ids pruned.
    /// </summary>
    public static IReadOnlyList<string> PruneDiscriminators(string root)
    {
        var pruned = new List<string>();
        foreach (var manifest in ModelStore.List(root))
        {
            if (!manifest.Weights.ContainsKey($"{DiscriminatorStem}.weights")) continue;
            var (generator, _) = LoadGenerator(root, manifest.Id);
            using (generator)
                ModelStore.Save(root, manifest with { Weights = new() }, new Dictionary<string, nn.Module> { [GeneratorStem] = generator });
            pruned.Add(manifest.Id);
        }
        return pruned;
    }
}
