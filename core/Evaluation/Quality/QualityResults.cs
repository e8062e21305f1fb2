namespace CrossModal.Core.Evaluation.Quality;

/// <summary>Coverage and density of one instrument's generated samples against its real ones.</summary>
public sealed record InstrumentCoverage(string Instrument, double Coverage, double Density, int RealN, int GeneratedN);

/// <summary>Coverage and density per instrument (one generated sample per sound) and their means over instruments.</summary>
public sealed record CoverageSummary(string Space, int K, double Coverage, double Density, IReadOnlyList<InstrumentCoverage> PerInstrument)
{
    /// <summary>Per instrument: real features vs generated features of that instrument (labels index both lists).</summary>
    /// <param name="realPieces">The piece of each row of <paramref name="real"/>, for balls reaching across pieces (<see cref="CoverageDensity.Compute"/>); null for the plain measure.</param>
    public static CoverageSummary Compute(string space, IReadOnlyList<(int Label, float[] Features)> real,
        IReadOnlyList<(int Label, float[] Features)> generated, IReadOnlyList<string> instrumentNames, int k = CoverageDensity.DefaultK,
        IReadOnlyList<int>? realPieces = null)
    {
        if (realPieces is not null && realPieces.Count != real.Count) throw new InvalidInputException($"{real.Count} real rows but {realPieces.Count} piece ids");
        var per = new List<InstrumentCoverage>();
        foreach (var label in generated.Select(g => g.Label).Distinct().Order())
        {
            var rows = Enumerable.Range(0, real.Count).Where(i => real[i].Label == label).ToList();
            var r = rows.Select(i => real[i].Features).ToList();
            var g = generated.Where(x => x.Label == label).Select(x => x.Features).ToList();
            if (r.Count <= k) throw new InvalidInputException($"coverage of {instrumentNames[label]} needs more than {k} real samples, got {r.Count}");
            var cd = CoverageDensity.Compute(r, g, k, realPieces is null ? null : rows.Select(i => realPieces[i]).ToList());
            per.Add(new InstrumentCoverage(instrumentNames[label], cd.Coverage, cd.Density, cd.RealN, cd.GeneratedN));
        }
        if (per.Count == 0) throw new InvalidInputException("no generated samples for coverage and density");
        return new CoverageSummary(space, k, per.Average(p => p.Coverage), per.Average(p => p.Density), per);
    }
}

/// <summary>
/// What a judge's labels of generated samples say, with the judge named (so no reader mistakes the project's own
/// classifier for an independent one) and how the samples were made.
/// </summary>
public sealed record JudgedAccuracy(string Judge, string Samples, EvaluationResult Result)
{
    /// <summary>Share of samples the judge refused to label (counted wrong in the accuracy); null for judges that cannot refuse.</summary>
    public double? Refused { get; init; }
}

/// <summary>
/// Measures of an S2I generator that its training could not have optimised (issue 17): within-sound variety R in two
/// spaces, coverage and density, the share of first-layer variance that comes from z, the second image judge's
/// accuracy (colour and greyscale), and the round trip sound → image → sound judged by the sound classifier.
/// </summary>
public sealed record S2IQuality
{
    public required string ModelId { get; init; }
    public required string Source { get; init; }
    public required long Seed { get; init; }
    public required int Sounds { get; init; }
    public required int SamplesPerSound { get; init; }
    public required VarietyRatio PixelVariety { get; init; }
    public required VarietyRatio FeatureVariety { get; init; }
    public required CoverageSummary Coverage { get; init; }
    /// <summary>
    /// The same coverage and density for real scenes of the dataset's other split in place of the generated images (as
    /// many per instrument, other pieces): what a generator that draws new pieces exactly as the data does would reach.
    /// Frames of one piece are near-copies, so a real scene's nearest neighbours are its own piece's frames and coverage
    /// rewards reproducing those pieces; this reference says how far below 1 that puts even a perfect generator.
    /// Null when no reference split was given.
    /// </summary>
    public CoverageSummary? CoverageReference { get; init; }
    /// <summary>
    /// Coverage and density with each real scene's ball reaching its k-th nearest real scene of another piece
    /// (<see cref="CoverageDensity.Compute"/>'s <c>realPieces</c>): whether the generated scenes reach the variety of
    /// scenes across pieces, not whether they redraw the test pieces. Null where some frame has fewer than k frames of its
    /// instrument in other pieces (noted).
    /// </summary>
    public CoverageSummary? CoverageAcrossPieces { get; init; }
    /// <summary>The same across-pieces measure for real scenes of other pieces in place of the generated ones (<see cref="CoverageReference"/>'s set).</summary>
    public CoverageSummary? CoverageAcrossPiecesReference { get; init; }
    /// <summary>Share of the first layer's variance that comes from z (null when the generator cannot show its first layer).</summary>
    public double? NoiseShare { get; init; }
    public JudgedAccuracy? SecondJudge { get; init; }
    public JudgedAccuracy? SecondJudgeGreyscale { get; init; }
    public JudgedAccuracy? RoundTrip { get; init; }
    /// <summary>Why a measure is missing (e.g. no I2S model for the round trip), for the reader.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Measures of the I2S generator beyond the project's sound classifier: variety R across noise samples of one image in
/// two spaces, the second sound judge's accuracy (refusals count as wrong), and the round trip image → sound → image
/// judged by the image classifier.
/// </summary>
public sealed record I2SQuality
{
    public required string Source { get; init; }
    public required long Seed { get; init; }
    public required int Images { get; init; }
    public required int SamplesPerImage { get; init; }
    public required VarietyRatio SpectrogramVariety { get; init; }
    public required VarietyRatio FeatureVariety { get; init; }
    public JudgedAccuracy? SecondJudge { get; init; }
    public JudgedAccuracy? RoundTrip { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
}
