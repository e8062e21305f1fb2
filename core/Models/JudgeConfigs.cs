namespace CrossModal.Core.Models;

/// <summary>
/// The second image judge (<see cref="ImageJudge"/>): one residual block per width, the first at 64x64 and each next
/// one at half the resolution, then global average pooling, dropout and a linear layer. With the default stem stride 2
/// the four stages work at 32, 16, 8 and 4 px. Default widths 24-48-96-192: 32-64-128-256 took 2.6 times as long a
/// step (3.6 s against 1.4 s at batch 32 on the shared 2-core machine), more than the judges' budget allows.
/// </summary>
public sealed record ImageJudgeConfig
{
    public int[] Widths { get; init; } = [24, 48, 96, 192];
    /// <summary>1: the first stage works at 64x64; 2: the stem halves the image first (a quarter of the compute).</summary>
    public int StemStride { get; init; } = 2;
    public int Classes { get; init; } = 13;
    public double Dropout { get; init; } = 0.3;

    public void Validate() => JudgeConfigChecks.Check(Widths, StemStride, Classes, Dropout, "image judge");
}

/// <summary>
/// The second sound judge (<see cref="SoundJudge"/>): residual stages over the unit-scaled LMS chunk
/// [N, 1, <see cref="InputHeight"/>, <see cref="InputWidth"/>], global average pooling over time down to
/// <see cref="PooledBands"/> frequency bands, dropout and a linear layer to the instruments plus one "refused" output.
/// </summary>
public sealed record SoundJudgeConfig
{
    public int InputHeight { get; init; } = 128;
    public int InputWidth { get; init; } = 44;
    public int[] Widths { get; init; } = [16, 32, 64, 128];
    /// <summary>1: the first stage works at the full 128x44; 2: the stem halves both axes first.</summary>
    public int StemStride { get; init; } = 2;
    /// <summary>Frequency bands kept after pooling over time (the last stage's map is pooled to this height).</summary>
    public int PooledBands { get; init; } = 8;
    /// <summary>Instrument classes; the network has one output more, <see cref="SoundJudge.RefusedClass"/> = this value.</summary>
    public int Instruments { get; init; } = 13;
    public double Dropout { get; init; } = 0.3;

    public void Validate()
    {
        JudgeConfigChecks.Check(Widths, StemStride, Instruments, Dropout, "sound judge");
        SoundClassifierConfig.Positive(PooledBands, "sound judge pooled bands");
        var smallest = StemStride << Widths.Length;
        if (InputHeight < smallest || InputWidth < smallest)
            throw new InvalidInputException($"sound judge input {InputHeight}x{InputWidth} is too small for {Widths.Length} stages (at least {smallest}x{smallest})");
    }
}

internal static class JudgeConfigChecks
{
    public static void Check(int[] widths, int stemStride, int classes, double dropout, string what)
    {
        if (stemStride is not (1 or 2)) throw new InvalidInputException($"{what} stem stride must be 1 or 2, got {stemStride}");
        if (widths.Length is < 1 or > 6) throw new InvalidInputException($"{what} needs 1 to 6 stage widths, got {widths.Length}");
        foreach (var w in widths) SoundClassifierConfig.Positive(w, $"{what} width");
        SoundClassifierConfig.Positive(classes, $"{what} classes");
        SoundClassifierConfig.Probability(dropout);
    }
}

/// <summary>
/// The second pose judge (<see cref="PoseJudge"/>): residual stages as the other second judges (the first at the
/// stem's resolution, each later one at half the one before: 64, 32, 16, 8 px with four widths and a stride-1 stem),
/// then the last map flattened (a pose is where the bow, hand or fingers are, so the map is not pooled away), one hidden
/// layer and a head of <see cref="Outputs"/> per instrument. A pose is a few pixels of bow, hand or finger: the first
/// judge, whose stem halved the image (16-32-64-128, stem stride 2), read 7 of the 52 (instrument, parameter) pairs of
/// real validation frames (2026-12-07); 8-16-32-64 at full resolution costs about the same (17 million multiply-adds per
/// image, the pose regressor 14 million).
/// </summary>
public sealed record PoseJudgeConfig
{
    public int[] Widths { get; init; } = [8, 16, 32, 64];
    public int StemStride { get; init; } = 1;
    public int HiddenUnits { get; init; } = 128;
    public int Outputs { get; init; } = 4;
    public int Instruments { get; init; } = 13;

    /// <summary>Side of the last stage's map.</summary>
    public int FinalSide => 64 / StemStride >> (Widths.Length - 1);

    public void Validate()
    {
        // At most 6 stages (the shared check): the last map is then 1x1 at stem stride 2, never empty.
        JudgeConfigChecks.Check(Widths, StemStride, Instruments, 0, "pose judge");
        SoundClassifierConfig.Positive(HiddenUnits, "pose judge hidden units");
        SoundClassifierConfig.Positive(Outputs, "pose judge outputs");
    }
}
