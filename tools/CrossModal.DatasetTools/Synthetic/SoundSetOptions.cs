using CrossModal.Core;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>What sound-only evaluation set to synthesise and where (<see cref="SoundSetBuilder"/>).</summary>
public sealed record SoundSetOptions
{
    public const int DefaultPerClass = 160, MinPerClass = 1, MaxPerClass = 20_000;
    /// <summary>Used by no other set (the default dataset has seed 1, the test split 2027), so no melody repeats one trained on.</summary>
    public const int DefaultSeed = 4242;

    public required string OutputDirectory { get; init; }
    public SoundBank Bank { get; init; } = SoundBank.Freepats;
    /// <summary>Chunks per instrument, from pieces of about <see cref="SyntheticDatasetBuilder.PairsPerPiece"/> chunks each.</summary>
    public int PerClass { get; init; } = DefaultPerClass;
    public int Seed { get; init; } = DefaultSeed;
    /// <summary>Instruments to make; null or empty means every instrument the bank has.</summary>
    public IReadOnlyList<string>? Instruments { get; init; }
    public int? Parallelism { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new InvalidInputException("the output folder is missing.");
        if (PerClass is < MinPerClass or > MaxPerClass)
            throw new InvalidInputException($"per-class count {PerClass} is out of range: use {MinPerClass} to {MaxPerClass}.");
        if (Parallelism is < 1 or > 64) throw new InvalidInputException($"parallelism {Parallelism} is out of range: use 1 to 64.");
        // The instrument list is checked exactly as the paired dataset checks it.
        new SyntheticDatasetOptions { OutputDirectory = OutputDirectory, Instruments = Instruments }.Validate();
    }
}

/// <summary>What a sound-only set holds: chunks per instrument, and the instruments the bank could not play, with why.</summary>
public sealed record SoundSetSummary(
    string OutputDirectory, string Bank, int Seed, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, string> Skipped, TimeSpan Elapsed)
{
    public int Total => Counts.Values.Sum();
}
