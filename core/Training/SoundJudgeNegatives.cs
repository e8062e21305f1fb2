using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// The "not a real instrument sound" examples the second sound judge learns to refuse (class
/// <see cref="Models.SoundJudge.RefusedClass"/>), made from unit-scaled LMS [N, 1, H, W]:
/// <list type="bullet">
/// <item>shaped noise: an instrument's mean LMS (sometimes averaged over time into a flat spectrum) plus Gaussian noise —
/// what a generator that learnt only the class average would output, and what a plain classifier labels as the
/// instrument (issue 17: 73 % of the time);</item>
/// <item>blurred copies: real LMS smoothed over frequency and time with a box filter wide enough to wash out harmonics
/// and onsets, as a blurry generator would make them.</item>
/// </list>
/// All draws come from the caller's seeded <see cref="Generator"/>.
/// </summary>
public static class SoundJudgeNegatives
{
    /// <summary>Noise standard deviation range in unit scale (1 unit = 70 dB with the default LMS range).</summary>
    public const double MinNoise = 0.02, MaxNoise = 0.3;
    /// <summary>Odd box-filter sizes, in mel bands and in frames (a chunk is 128 x 44).</summary>
    public const int MinFrequencyBlur = 7, MaxFrequencyBlur = 15, MinTimeBlur = 3, MaxTimeBlur = 13;

    /// <summary>
    /// Per-class mean LMS [classes, 1, H, W] of <paramref name="unitLms"/>. A class without rows gets zeros; callers draw
    /// noise classes from the labels of real rows, so such a mean is never used.
    /// </summary>
    public static Tensor ClassMeans(Tensor unitLms, int[] labels, int classes)
    {
        if (unitLms.dim() != 4 || unitLms.shape[0] != labels.Length)
            throw new InvalidInputException($"class means need LMS [{labels.Length},1,H,W], got [{string.Join(",", unitLms.shape)}]");
        if (labels.Any(l => l < 0 || l >= classes)) throw new InvalidInputException($"labels must be class indices 0..{classes - 1}");
        using var scope = NewDisposeScope();
        var index = tensor(labels.Select(l => (long)l).ToArray(), device: unitLms.device);
        var sums = zeros([classes, unitLms.shape[1], unitLms.shape[2], unitLms.shape[3]], dtype: unitLms.dtype, device: unitLms.device)
            .index_add(0, index, unitLms, 1);
        var counts = tensor(Enumerable.Range(0, classes).Select(c => (float)Math.Max(1, labels.Count(l => l == c))).ToArray(),
            [classes, 1, 1, 1], dtype: unitLms.dtype, device: unitLms.device);
        return (sums / counts).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One shaped-noise LMS per entry of <paramref name="classes"/>: that class's mean (time-averaged for half of them),
    /// plus noise of a standard deviation drawn in [<see cref="MinNoise"/>, <see cref="MaxNoise"/>], clamped to [-1, 1].
    /// </summary>
    public static Tensor ShapedNoise(Tensor classMeans, int[] classes, Generator random)
    {
        if (classMeans.dim() != 4) throw new InvalidInputException($"class means must be [C,1,H,W], got [{string.Join(",", classMeans.shape)}]");
        if (classes.Any(c => c < 0 || c >= classMeans.shape[0])) throw new InvalidInputException($"classes must be 0..{classMeans.shape[0] - 1}");
        long n = classes.Length;
        using var scope = NewDisposeScope();
        var means = classMeans.index_select(0, tensor(classes.Select(c => (long)c).ToArray(), device: classMeans.device));
        var flat = means.mean([3], keepdim: true).expand_as(means);
        var useFlat = (rand([n, 1, 1, 1], generator: random) < 0.5).to(means.device);
        var sigma = (rand([n, 1, 1, 1], generator: random) * (MaxNoise - MinNoise) + MinNoise).to(means.device);
        var noise = randn(means.shape, generator: random).to(means.device) * sigma;
        return (where(useFlat, flat, means) + noise).clamp(-1.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="unitLms"/> smoothed by a box filter of one drawn size (odd, within the Min/Max bounds) over
    /// frequency and time; edges average only the bins inside the chunk.
    /// </summary>
    public static Tensor Blurred(Tensor unitLms, Generator random)
    {
        if (unitLms.dim() != 4) throw new InvalidInputException($"blurring needs LMS [N,1,H,W], got [{string.Join(",", unitLms.shape)}]");
        using var draw = rand([2], generator: random);
        var u = draw.data<float>().ToArray();
        var frequency = OddBetween(MinFrequencyBlur, MaxFrequencyBlur, u[0]);
        var time = OddBetween(MinTimeBlur, MaxTimeBlur, u[1]);
        return nn.functional.avg_pool2d(unitLms, [frequency, time], stride: [1, 1], padding: [frequency / 2, time / 2],
            count_include_pad: false);
    }

    static long OddBetween(int min, int max, float u) => min + 2 * Math.Min((max - min) / 2, (int)(u * ((max - min) / 2 + 1)));
}
