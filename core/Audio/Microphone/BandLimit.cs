namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// What a telephone or voice-call path keeps: a Butterworth band-pass, 4th order below the band (24 dB per octave)
/// and 8th order above it (48 dB per octave: a call codec's anti-alias edge is steep), −3 dB at each edge, e.g.
/// 100 Hz – 8 kHz for wideband calls. Each edge is a cascade of second-order sections with the Butterworth
/// pole-pair Qs, 1 / (2 cos((2k − 1)π / 2N)).
/// </summary>
public static class BandLimit
{
    private static readonly double[] FourthOrderQs = [0.5411961001461970, 1.3065629648763764];
    private static readonly double[] EighthOrderQs = [0.5097955791041592, 0.6013448869350453, 0.8999762231364156, 2.5629154477415055];

    public static void Apply(Span<float> x, int sampleRate, double lowHz, double highHz)
    {
        if (!(lowHz < highHz)) throw new InvalidInputException($"band limit must have low < high, got {lowHz}..{highHz} Hz");
        foreach (var q in FourthOrderQs) Equaliser.HighPass(x, sampleRate, lowHz, q);
        foreach (var q in EighthOrderQs) Equaliser.LowPass(x, sampleRate, highHz, q);
    }
}
