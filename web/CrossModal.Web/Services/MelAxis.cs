using CrossModal.Domain;

namespace CrossModal.Web.Services;

/// <summary>
/// Where frequencies and times fall on an LMS drawn from the product's front end (the domain's AudioFrontEnd and
/// MelScale: 44.1 kHz, hop 512, 128 Slaney mel bands from 0 Hz to 22.05 kHz, 0.5 s chunks), for the axes the page draws.
/// </summary>
public static class MelAxis
{
    public const double SampleRate = AudioFrontEnd.SampleRate, FMax = SampleRate / 2, ChunkSeconds = (double)AudioFrontEnd.ChunkSamples / AudioFrontEnd.SampleRate;

    public static double HzToMel(double hz) => MelScale.HzToMel(hz);
    public static double MelToHz(double mel) => MelScale.MelToHz(mel);

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
