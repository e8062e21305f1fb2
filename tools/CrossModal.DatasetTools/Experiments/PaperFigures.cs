using CrossModal.Core.Audio;

namespace CrossModal.DatasetTools.Experiments;

/// <summary>The paper's published numbers (Chen et al. 2017; /work/shared/PAPER.md), shown beside ours.</summary>
public static class PaperFigures
{
    /// <summary>Table 1: validation accuracy (%) of the sound classifier by input representation and conv layers.</summary>
    public static double? Table1(Representation representation, int convLayers) => (representation, convLayers) switch
    {
        (Representation.Ms, 3) => 62.01, (Representation.Lms, 3) => 84.12, (Representation.Cqt, 3) => 73.00,
        (Representation.Mfcc, 3) => 80.06, (Representation.Stft, 3) => 74.05,
        (Representation.Ms, 4) => 66.09, (Representation.Lms, 4) => 87.44, (Representation.Cqt, 4) => 77.78,
        (Representation.Mfcc, 4) => 81.05, (Representation.Stft, 4) => 75.73,
        _ => null,
    };

    /// <summary>Table 5: generated-image accuracy (%) judged by the image classifier, (train, test).</summary>
    public static (double Train, double Test)? Table5(string variant) => variant switch
    {
        "c" => (87.37, 75.56),
        "a" => (10.63, 10.95),
        "n" => (12.62, 12.32),
        _ => null,
    };

    /// <summary>I2S: generated LMS labelled by the sound classifier (%).</summary>
    public const double I2SAccuracy = 11.17;
    /// <summary>The sound classifier on real test LMS (%), as the paper quotes it in the I2S evaluation.</summary>
    public const double SoundClassifierAccuracy = 80;
    /// <summary>The image classifier's test accuracy: "over 95%".</summary>
    public const double ImageClassifierAccuracy = 95;
}
