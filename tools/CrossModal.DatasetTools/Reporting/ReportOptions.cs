using CrossModal.Core;
using CrossModal.Domain;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>What the report covers and where it goes.</summary>
public sealed record ReportOptions
{
    public required string Models { get; init; }
    public required string Data { get; init; }
    /// <summary>
    /// A dataset used for no choice at all (no epoch, no hyper-parameter): e.g. one freshly synthesised with a seed no
    /// run used. Its validation split is the report's test split, where the quality measures are taken; null: none.
    /// </summary>
    public string? TestData { get; init; }
    /// <summary>
    /// Real photographs ROOT/&lt;instrument&gt;/* (e.g. tests/fixtures/suburmp-frames): the domain gap between the drawn
    /// scenes the models learnt from and real performances, measured as is; null: not measured.
    /// </summary>
    public string? RealImages { get; init; }
    /// <summary>The Markdown file; PNGs go to images/ and WAVs to audio/ beside it.</summary>
    public required string Output { get; init; }
    /// <summary>Pairs per instrument and split evaluated (seeded choice; 0 = all).</summary>
    public int PerClass { get; init; } = 100;
    public long Seed { get; init; } = 1;
    /// <summary>How many instruments get an I2S sound to listen to.</summary>
    public int AudioExamples { get; init; } = 4;
    /// <summary>Generated images per instrument in the sample grids.</summary>
    public int GridSamples { get; init; } = 4;

    /// <summary>Refuses options the report cannot honour, before anything is loaded.</summary>
    public void Validate()
    {
        if (!Output.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) throw new InvalidInputException($"report output '{Output}' must be a .md file.");
        if (PerClass < 0) throw new InvalidInputException($"per-class must be >= 0, got {PerClass}.");
        if (AudioExamples < 0 || AudioExamples > Instruments.Count) throw new InvalidInputException($"audio examples must be 0 to {Instruments.Count}.");
        if (GridSamples is < 1 or > 16) throw new InvalidInputException("grid samples must be 1 to 16.");
        if (TestData is not null && Path.GetFullPath(TestData) == Path.GetFullPath(Data))
            throw new InvalidInputException("the test dataset must not be the training dataset: its pieces must have been used for no choice.");
    }
}
