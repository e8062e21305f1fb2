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

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
