using CrossModal.Core.Audio;
using Xunit.Abstractions;

namespace CrossModal.Core.Tests.Audio;

public class GriffinLimTests(ITestOutputHelper output)
{
    /// <summary>
    /// Spectral convergence as stated in docs/AUDIO.md: ‖ |M_a| − |M_b| ‖_F / ‖ |M_a| ‖_F on mel magnitudes
    /// |M| = √(mel power) = 10^(LMS/20).
    /// </summary>
    internal static double MelSpectralConvergence(Spectrogram lmsA, Spectrogram lmsB)
    {
        double num = 0, den = 0;
        for (int i = 0; i < lmsA.Data.Length; i++)
        {
            double a = Math.Pow(10, lmsA.Data[i] / 20.0), b = Math.Pow(10, lmsB.Data[i] / 20.0);
            num += (a - b) * (a - b);
            den += a * a;
        }
        return Math.Sqrt(num / den);
    }

    [Fact]
    public void ViolinRenderedByFluidSynthSurvivesTheRoundTripWavLmsWavLms()
    {
        using var dir = new TempDir();
        // A real instrument: FluidR3_GM's violin (program 40), G4 A4 B4 D5, rendered now by fluidsynth.
        var song = AudioTestSignals.RenderFluidSynth(dir.Path, 40, 67, 69, 71, 74);
        Assert.Equal(44100, song.SampleRate);
        var chunk = song.Samples.AsSpan(44100 / 4, 22050).ToArray(); // 0.25–0.75 s: a held note and a note change
        Assert.True(Loudness.IsAudible(chunk));
        var lms = MelSpectrogram.Log(chunk);
        var y = LmsInversion.ToWaveform(lms);
        Assert.Equal(22050, y.Length);
        var wav = Path.Combine(dir.Path, "inverted.wav");
        WavCodec.WriteFile16(wav, y, 44100);
        var back = MelSpectrogram.Log(WavCodec.ReadFile(wav).Samples);
        double sc = MelSpectralConvergence(lms, back);
        output.WriteLine($"mel-magnitude spectral convergence: {sc:F4}");
        Assert.True(sc < 0.15, $"spectral convergence {sc:F4} ≥ 0.15");
    }

    [Fact]
    public void IstftOfStftGivesTheSignalBack()
    {
        var stft = Stft.Default;
        var x = AudioTestSignals.Noise(5000, seed: 11);
        int frames = stft.FrameCount(x.Length), n = stft.Bins * frames;
        var re = new double[n];
        var im = new double[n];
        stft.Forward(x, re, im);
        var y = stft.Inverse(re, im, frames, x.Length);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], y[i], 1e-5);
    }

    [Fact]
    public void NnlsReproducesTheMelPowerItWasGiven()
    {
        var lms = MelSpectrogram.Log(AudioTestSignals.Noise(22050, seed: 5, amplitude: 0.3));
        var melPower = MelSpectrogram.Power(AudioTestSignals.Noise(22050, seed: 5, amplitude: 0.3));
        var linear = MelInversion.ToLinearPower(melPower);
        Assert.All(linear, v => Assert.True(v >= 0));
        var bank = MelFilterBank.Default;
        var s = new double[1025];
        var m = new double[128];
        double num = 0, den = 0;
        for (int t = 0; t < 44; t++)
        {
            for (int k = 0; k < 1025; k++) s[k] = linear[k * 44 + t];
            bank.Apply(s, m);
            for (int b = 0; b < 128; b++)
            {
                double target = melPower[b, t];
                num += (m[b] - target) * (m[b] - target);
                den += target * target;
            }
        }
        Assert.True(Math.Sqrt(num / den) < 0.02, $"relative mel residual {Math.Sqrt(num / den):F4}");
        Assert.Equal(lms.Frames, melPower.Frames);
    }

    [Fact]
    public void InversionIsSeededAndRefusesWhatIsNotAnLms()
    {
        var lms = MelSpectrogram.Log(AudioTestSignals.Sine(22050, 440, 0.5));
        var opts = new LmsInversion.Options(GriffinLimIterations: 5, NnlsIterations: 20, Seed: 3);
        Assert.Equal(LmsInversion.ToWaveform(lms, options: opts), LmsInversion.ToWaveform(lms, options: opts));
        Assert.Throws<InvalidInputException>(() => LmsInversion.ToWaveform(new Spectrogram(new float[64 * 44], 64, 44)));
        var nan = (float[])lms.Data.Clone();
        nan[7] = float.NaN;
        Assert.Throws<InvalidInputException>(() => LmsInversion.ToWaveform(new Spectrogram(nan, 128, 44)));
        var loud = (float[])lms.Data.Clone();
        loud[7] = 500;
        Assert.Contains("not plausible", Assert.Throws<InvalidInputException>(() => LmsInversion.ToWaveform(new Spectrogram(loud, 128, 44))).Message);
        Assert.Throws<InvalidInputException>(() => LmsInversion.ToWaveform(lms, length: 1000));
        Assert.Contains("at least 2 frames", Assert.Throws<InvalidInputException>(() => LmsInversion.ToWaveform(new Spectrogram(new float[128], 128, 1))).Message);
        Assert.Contains("longer than", Assert.Throws<InvalidInputException>(() => LmsInversion.ToWaveform(new Spectrogram(new float[128 * 6000], 128, 6000))).Message);
    }
}
