using CrossModal.Core.Recipes;
using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.Core.Tests.Recipes;

/// <summary>A small real synthetic dataset (two instruments, a few pairs each), built once for the pipeline tests.</summary>
public sealed class TinyDatasetFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"cm-tiny-{Guid.NewGuid():N}");
    public string Dataset => Path.Combine(Root, "data");

    public TinyDatasetFixture()
    {
        SyntheticDatasetBuilder.Build(new SyntheticDatasetOptions
        {
            OutputDirectory = Dataset, PerClass = 10, Seed = 3, Instruments = ["cello", "flute"],
        });
    }

    public string NewModelFolder() => Path.Combine(Root, $"models-{Guid.NewGuid():N}");

    /// <summary>A recipe that trains the two encoders (one epoch each) and then <paramref name="s2i"/> into <paramref name="models"/>.</summary>
    public TrainingRecipe SoundToImageRecipe(string models, S2IStep s2i) => new()
    {
        Name = "test", Dataset = Dataset, Output = models, Threads = 2, Seed = 4,
        SoundEncoder = new SoundEncoderStep { Epochs = 1, BatchSize = 8, AugmentedCopies = 0 },
        ImageEncoder = new ImageEncoderStep { Epochs = 1, BatchSize = 8 },
        S2I = s2i,
    };

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
