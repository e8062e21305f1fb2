namespace CrossModal.Core.Audio;

/// <summary>
/// From a mel power spectrogram back to a linear STFT power spectrogram: for each frame, the non-negative
/// least-squares solution S ≥ 0 of W S ≈ P (W the 128 x 1025 Slaney filter bank), found by Lee–Seung
/// multiplicative updates S ← S ⊙ (Wᵀ P) / (Wᵀ W S), which keep S non-negative and never increase ‖W S − P‖².
/// The start point spreads each band's power evenly over its filter (S₀[k] = Σ_m W[m,k] P[m]/Σ_j W[m,j], divided
/// by Σ_m W[m,k]), which is already close, so a modest number of iterations suffices.
/// </summary>
public static class MelInversion
{
    public const int DefaultIterations = 200;

    /// <summary>Linear power, bin-major [1025, frames], of a mel power spectrogram [128, frames].</summary>
    public static double[] ToLinearPower(Spectrogram melPower, int iterations = DefaultIterations)
    {
        var bank = MelFilterBank.Default;
        if (melPower.Bins != bank.Bands) throw new InvalidInputException($"a mel spectrogram needs {bank.Bands} bands, this one has {melPower.Bins}.");
        int frames = melPower.Frames, bins = bank.FftBins, bands = bank.Bands;
        var rowSum = new double[bands];
        for (int m = 0; m < bands; m++) foreach (var w in bank.Weights[m]) rowSum[m] += w;
        var colSum = new double[bins];
        var ones = new double[bands];
        Array.Fill(ones, 1.0);
        bank.ApplyTransposed(ones, colSum);

        var result = new double[bins * frames];
        var p = new double[bands];
        var s = new double[bins];
        var numerator = new double[bins];
        var ws = new double[bands];
        var denominator = new double[bins];
        var perBand = new double[bands];
        for (int t = 0; t < frames; t++)
        {
            for (int m = 0; m < bands; m++) p[m] = Math.Max(0, melPower.Data[m * frames + t]);
            for (int m = 0; m < bands; m++) perBand[m] = rowSum[m] > 0 ? p[m] / rowSum[m] : 0;
            bank.ApplyTransposed(perBand, s);
            for (int k = 0; k < bins; k++) s[k] = colSum[k] > 0 ? s[k] / colSum[k] : 0;
            bank.ApplyTransposed(p, numerator);
            for (int it = 0; it < iterations; it++)
            {
                bank.Apply(s, ws);
                bank.ApplyTransposed(ws, denominator);
                for (int k = 0; k < bins; k++)
                    if (denominator[k] > 0) s[k] *= numerator[k] / denominator[k];
            }
            for (int k = 0; k < bins; k++) result[k * frames + t] = s[k];
        }
        return result;
    }
}
