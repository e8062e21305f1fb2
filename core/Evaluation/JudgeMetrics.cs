using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// What the second judges are worth, measured on real held-out data (the manifest's figures): how often each labels
/// real samples right, and whether it can be fooled the cheap ways a generator could fool it — by colour alone for the
/// image judge, by class-average or blurred spectrograms for the sound judge.
/// </summary>
public static class JudgeMetrics
{
    /// <summary>
    /// Accuracy of the image judge on real images [N, 3, 64, 64] in [-1, 1], on their greyscale copies, on copies with
    /// the hue turned by a third of the circle, and on 8x8 colour blobs of them (<see cref="ColourBlobs"/>; low is good).
    /// </summary>
    public static Dictionary<string, double> Image(ImageJudge judge, Tensor images, int[] labels)
    {
        double Accuracy(Tensor x) => ClassificationAccuracy(judge, x, labels);
        using var grey = ColourJitter.Greyscale(images);
        using var angles = full([images.shape[0]], 2 * Math.PI / 3);
        using var hue = ColourJitter.RotateHue(images, angles);
        using var blobs = ColourBlobs.Of(images, 8);
        return new Dictionary<string, double>
        {
            ["accuracy"] = Accuracy(images),
            ["accuracy_greyscale"] = Accuracy(grey),
            ["accuracy_hue_rotated"] = Accuracy(hue),
            ["accuracy_colour_blobs_8x8"] = Accuracy(blobs),
        };
    }

    /// <summary>
    /// The sound judge on real unit-scaled LMS [N, 1, 128, 44]: accuracy (a refusal is a wrong label) and the share
    /// refused; then on one shaped-noise LMS per real one (the class means of these same sounds plus noise) the share
    /// refused and the share labelled as the instrument whose average it was; and the share of blurred copies refused.
    /// Negatives are drawn from <paramref name="seed"/>, so the figures are repeatable.
    /// </summary>
    public static Dictionary<string, double> Sound(SoundJudge judge, Tensor unitLms, int[] labels, long seed)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator((ulong)Seeding.Derive(seed, "judge-metrics-negatives"));
        var real = ClassifierInference.Predict(judge, unitLms);
        var means = SoundJudgeNegatives.ClassMeans(unitLms, labels, SoundJudge.RefusedClass);
        var noise = ClassifierInference.Predict(judge, SoundJudgeNegatives.ShapedNoise(means, labels, random));
        var blurredParts = new List<Tensor>();
        // One blur size per block of rows, so the measure covers the whole range of sizes the judge learnt to refuse.
        for (long start = 0; start < unitLms.shape[0]; start += 32)
            blurredParts.Add(SoundJudgeNegatives.Blurred(unitLms.narrow(0, start, Math.Min(32, unitLms.shape[0] - start)), random));
        var blurred = ClassifierInference.Predict(judge, cat(blurredParts, 0));
        static double Share(int[] predicted, Func<int, int, bool> hit) => predicted.Where((p, i) => hit(p, i)).Count() / (double)predicted.Length;
        return new Dictionary<string, double>
        {
            ["accuracy"] = Share(real, (p, i) => p == labels[i]),
            ["refused_real"] = Share(real, (p, _) => p == SoundJudge.RefusedClass),
            ["refused_shaped_noise"] = Share(noise, (p, _) => p == SoundJudge.RefusedClass),
            ["shaped_noise_labelled_as_its_instrument"] = Share(noise, (p, i) => p == labels[i]),
            ["refused_blurred"] = Share(blurred, (p, _) => p == SoundJudge.RefusedClass),
        };
    }

    static double ClassificationAccuracy(TorchSharp.torch.nn.Module<Tensor, Tensor> judge, Tensor inputs, int[] labels) =>
        GeneratorJudge.Accuracy(ClassifierInference.Predict(judge, inputs), labels);
}
