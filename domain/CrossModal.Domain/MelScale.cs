namespace CrossModal.Domain;

/// <summary>
/// The Slaney (Auditory Toolbox) mel scale, librosa's default (htk=False): linear below 1 kHz
/// (200/3 Hz per mel) and logarithmic above (27 mels per factor 6.4).
/// </summary>
public static class MelScale
{
    const double FSp = 200.0 / 3;
    const double MinLogHz = 1000.0;
    const double MinLogMel = MinLogHz / FSp; // 15
    static readonly double LogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz) =>
        hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / FSp;

    public static double MelToHz(double mel) =>
        mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel;

    /// <summary>librosa.mel_frequencies(n, fmin, fmax, htk=False): n points evenly spaced in mel, in Hz.</summary>
    public static double[] MelFrequencies(int n, double fMin, double fMax)
    {
        double lo = HzToMel(fMin), hi = HzToMel(fMax);
        var f = new double[n];
        // numpy.linspace: lo + i·step, with the last point exactly hi.
        double step = (hi - lo) / (n - 1);
        for (int i = 0; i < n; i++) f[i] = MelToHz(i == n - 1 ? hi : lo + i * step);
        return f;
    }
}
