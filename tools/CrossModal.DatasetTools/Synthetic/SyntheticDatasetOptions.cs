using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Domain;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>What to synthesise and where. <see cref="Validate"/> refuses anything out of range with a one-line reason.</summary>
public sealed record SyntheticDatasetOptions
{
    public const int DefaultPerClass = 800, MinPerClass = 2, MaxPerClass = 20_000;
    public const int DefaultImageSize = 128, DefaultJpegQuality = 90;

    /// <summary>The dataset folder to create (or to replace, if it holds a previous synthetic dataset).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Pairs per instrument, split about 80/20 by piece between train and validation.</summary>
    public int PerClass { get; init; } = DefaultPerClass;

    public int Seed { get; init; } = 1;

    /// <summary>Instruments to make (names from <see cref="Instruments.All"/>); null or empty means all 13.</summary>
    public IReadOnlyList<string>? Instruments { get; init; }

    /// <summary>Side of the square JPEG images, in pixels (the models train at 64 x 64 and resize).</summary>
    public int ImageSize { get; init; } = DefaultImageSize;

    public int JpegQuality { get; init; } = DefaultJpegQuality;

    /// <summary>Pieces rendered and drawn at once; null means one per processor.</summary>
    public int? Parallelism { get; init; }

    /// <summary>The FluidR3_GM sound bank; null means the Debian location.</summary>
    public string? SoundFontPath { get; init; }

    public IReadOnlyList<string> ResolvedInstruments() =>
        Instruments is { Count: > 0 } list
            ? list.Select(n => CrossModal.Domain.Instruments.All[CrossModal.Domain.Instruments.IndexOf(n)]).ToList()
            : CrossModal.Domain.Instruments.All;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new InvalidInputException("the output folder is missing.");
        if (PerClass is < MinPerClass or > MaxPerClass)
            throw new InvalidInputException($"per-class count {PerClass} is out of range: use {MinPerClass} to {MaxPerClass} (at least one piece for train and one for validation).");
        if (ImageSize is < 32 or > 1024) throw new InvalidInputException($"image size {ImageSize} is out of range: use 32 to 1024 pixels.");
        if (JpegQuality is < 1 or > 100) throw new InvalidInputException($"JPEG quality {JpegQuality} is out of range: use 1 to 100.");
        if (Parallelism is < 1 or > 64) throw new InvalidInputException($"parallelism {Parallelism} is out of range: use 1 to 64.");
        if (Instruments is { Count: > 0 } list)
        {
            foreach (var n in list)
                if (!CrossModal.Domain.Instruments.IsKnown(n))
                    throw new InvalidInputException($"unknown instrument '{n}' (known: {string.Join(", ", CrossModal.Domain.Instruments.All)}).");
            var dup = list.GroupBy(n => n.ToLowerInvariant()).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new InvalidInputException($"instrument '{dup.Key}' is listed twice.");
        }
    }
}

/// <summary>Progress through the pieces: each piece is rendered, cut, drawn and written as a unit.</summary>
public readonly record struct SynthProgress(int PiecesDone, int PiecesTotal, int PairsDone, int PairsTotal, string LastPiece);

/// <summary>What was made.</summary>
public sealed record SyntheticDatasetSummary(
    string OutputDirectory,
    int Seed,
    int PerClass,
    IReadOnlyDictionary<string, (int Train, int Validation)> Counts,
    int Pieces,
    TimeSpan Elapsed)
{
    public int TotalTrain => Counts.Values.Sum(c => c.Train);
    public int TotalValidation => Counts.Values.Sum(c => c.Validation);
    public int Total => TotalTrain + TotalValidation;
}
