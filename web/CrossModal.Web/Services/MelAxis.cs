namespace CrossModal.Web.Services;

/// <summary>
/// Where frequencies and times fall on an LMS drawn from the product's front end (core's AudioFrontEnd and MelScale:
/// 44.1 kHz, hop 512, 128 Slaney mel bands from 0 Hz to 22.05 kHz, 0.5 s chunks). The web app does not reference core
/// (it would bring libtorch into a host that runs no model), so the Slaney formula is repeated here; a test pins it to
/// librosa's values.
/// </summary>
public static class MelAxis
{
    public const double SampleRate = 44_100, FMax = SampleRate / 2, ChunkSeconds = 0.5;

    const double FSp = 200.0 / 3, MinLogHz = 1000.0, MinLogMel = MinLogHz / FSp;
    static readonly double LogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz) => hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / FSp;
    public static double MelToHz(double mel) => mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel;

    /// <summary>Centre frequency (Hz) of mel band <paramref name="bin"/> of <paramref name="bins"/> (librosa: mel_frequencies(bins + 2)[1:-1]).</summary>
    public static double BandCentreHz(int bin, int bins)
    {
        double hi = HzToMel(FMax);
        return MelToHz(hi * (bin + 1) / (bins + 1));
    }

    /// <summary>Position of <paramref name="hz"/> in band units (0 = centre of the lowest band, bins − 1 = the highest).</summary>
    public static double BandPosition(double hz, int bins)
    {
        double hi = HzToMel(FMax), step = hi / (bins + 1);
        return HzToMel(hz) / step - 1;
    }

    /// <summary>Round frequencies that fall inside the drawn bands, for the vertical axis.</summary>
    public static IReadOnlyList<double> FrequencyTicks(int bins) =>
        new double[] { 0, 500, 1000, 2000, 4000, 8000, 16000 }.Where(hz => BandPosition(hz, bins) is var p && p >= -0.5 && p <= bins - 0.5).ToList();

    public static string FormatHz(double hz) => hz >= 1000 ? $"{hz / 1000:0.#} kHz" : $"{hz:0} Hz";
}
