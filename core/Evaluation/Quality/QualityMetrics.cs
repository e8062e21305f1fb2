namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// The headline quality figures as named metrics for a model's manifest (<c>ModelStore.RecordMetrics</c>), prefixed
/// "quality." so that a reader of the Models page tells them from training-time metrics; measures that were not taken
/// are left out rather than recorded as 0.
/// </summary>
public static class QualityMetrics
{
    public const string Prefix = "quality.";

    /// <param name="judged">The project's own judge's accuracy on the same split (the first judge).</param>
    public static IReadOnlyDictionary<string, double> Of(S2IQuality q, EvaluationResult judged) => Named(
        ("first_judge", judged.Accuracy), ("second_judge", q.SecondJudge?.Result.Accuracy), ("second_judge_greyscale", q.SecondJudgeGreyscale?.Result.Accuracy),
        ("variety_pixels", q.PixelVariety.Overall), ("variety_features", q.FeatureVariety.Overall),
        ("variety_pixels_min", q.PixelVariety.PerInstrument.Min(p => p.Ratio)), ("variety_features_min", q.FeatureVariety.PerInstrument.Min(p => p.Ratio)),
        ("coverage", q.Coverage.Coverage), ("density", q.Coverage.Density), ("coverage_reference", q.CoverageReference?.Coverage),
        ("coverage_across_pieces", q.CoverageAcrossPieces?.Coverage), ("coverage_across_pieces_reference", q.CoverageAcrossPiecesReference?.Coverage), ("noise_share", q.NoiseShare), ("round_trip", q.RoundTrip?.Result.Accuracy),
        ("sounds", q.Sounds));

    public static IReadOnlyDictionary<string, double> Of(I2SQuality q, EvaluationResult judged) => Named(
        ("first_judge", judged.Accuracy), ("second_judge", q.SecondJudge?.Result.Accuracy),
        ("variety_spectrogram", q.SpectrogramVariety.Overall), ("variety_features", q.FeatureVariety.Overall),
        ("round_trip", q.RoundTrip?.Result.Accuracy), ("images", q.Images));

    static Dictionary<string, double> Named(params (string Name, double? Value)[] figures) =>
        figures.Where(f => f.Value is double v && double.IsFinite(v)).ToDictionary(f => Prefix + f.Name, f => f.Value!.Value);
}
