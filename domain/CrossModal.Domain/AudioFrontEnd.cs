namespace CrossModal.Domain;

/// <summary>
/// The paper's audio front-end parameters (Chen et al. 2017, §3): 44.1 kHz audio, a 2048-point STFT with a
/// 512-sample hop and 128 mel bands. A 0.5 s chunk (22,050 samples) gives 128 x 44.
/// </summary>
public static class AudioFrontEnd
{
    public const int SampleRate = 44_100;
    public const int NFft = 2048;
    public const int Hop = 512;
    public const int MelBands = 128;
    /// <summary>Number of distinct STFT bins of a real 2048-point frame: 0 .. Nyquist.</summary>
    public const int FftBins = NFft / 2 + 1;
    public const int ChunkSamples = SampleRate / 2;
    public const int ChunkFrames = 1 + ChunkSamples / Hop;

    /// <summary>Power floor of the dB conversion (librosa's amin): −100 dB.</summary>
    public const double AminPower = 1e-10;

    /// <summary>Frames of a centred STFT (librosa center=True): one frame per hop plus the frame at sample 0.</summary>
    public static int FrameCount(int samples) => 1 + samples / Hop;

    /// <summary>10·log10(max(amin, power)) with ref = 1, as librosa.power_to_db(ref=1.0, amin=1e-10, top_db=None).</summary>
    public static float PowerToDb(double power) => (float)(10.0 * Math.Log10(Math.Max(AminPower, power)));
}
