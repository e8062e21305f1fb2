using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Audio;

/// <summary>
/// LMS = librosa ≥ 0.10 power_to_db(melspectrogram(y, sr=44100, n_fft=2048, hop_length=512, n_mels=128),
/// ref=1, amin=1e-10, top_db=None), checked three independent ways: against numpy reference arrays
/// (Fixtures/make_reference.py writes the librosa definition out in numpy), against the analytic STFT of a
/// sine, and against a direct O(N²) DFT of hand-padded frames (including the centre-padded edge frames).
/// </summary>
public class LogMelSpectrogramTests
{
    [Fact]
    public void AHalfSecondChunkGives128By44()
    {
        var lms = MelSpectrogram.Log(new float[22050]);
        Assert.Equal(128, lms.Bins);
        Assert.Equal(44, lms.Frames);
        Assert.All(lms.Data, v => Assert.Equal(-100f, v)); // silence sits at the amin floor, 10·log10(1e-10)
    }

    [Theory]
    [InlineData("tones")]
    [InlineData("violin")]
    public void MatchesTheNumpyReferenceWithin005DbInEveryBinWithin60DbOfTheMaximum(string name)
    {
        var clip = WavCodec.ReadFile(AudioTestSignals.Fixture(name + ".wav"));
        var reference = NpyFile.ReadSpectrogram(AudioTestSignals.Fixture(name + ".lms.npy"));
        var lms = MelSpectrogram.Log(clip.Samples);
        Assert.Equal((reference.Bins, reference.Frames), (lms.Bins, lms.Frames));
        float max = reference.Max();
        int compared = 0;
        for (int i = 0; i < lms.Data.Length; i++)
        {
            if (reference.Data[i] < max - 60) continue;
            compared++;
            Assert.True(Math.Abs(lms.Data[i] - reference.Data[i]) <= 0.05,
                $"bin {i / 44}, frame {i % 44}: {lms.Data[i]} dB vs reference {reference.Data[i]} dB");
        }
        Assert.True(compared > 2000, $"only {compared} bins compared");
    }

    [Fact]
    public void ReferenceSpotValuesFromNumpy()
    {
        // Printed by make_reference.py (numpy, float64 STFT): LMS[10, 20], LMS[60, 0], LMS[100, 43] of tones.wav.
        var lms = MelSpectrogram.Log(WavCodec.ReadFile(AudioTestSignals.Fixture("tones.wav")).Samples);
        Assert.Equal(-16.987566, lms[10, 20], 0.01);
        Assert.Equal(-29.950071, lms[60, 0], 0.01);
        Assert.Equal(2.168046, lms[100, 43], 0.01);
    }

    [Fact]
    public void SineAtABinCentreGivesTheAnalyticPeriodicHannSpectrum()
    {
        // A sine of amplitude A at bin k0 (f = k0·sr/N) seen through a full periodic Hann frame has |X[k0]| = A·N/4,
        // |X[k0 ± 1]| = A·N/8 and 0 elsewhere; the mel power is then Σ W[m,k] |X[k]|².
        const int k0 = 93;
        const double a = 0.6;
        double f = k0 * 44100.0 / 2048;
        var lms = MelSpectrogram.Log(AudioTestSignals.Sine(22050, f, a));
        var bank = MelFilterBank.Default;
        double p0 = Math.Pow(a * 2048 / 4, 2), p1 = Math.Pow(a * 2048 / 8, 2);
        int checkedBands = 0;
        for (int m = 0; m < 128; m++)
        {
            double mel = bank.Weight(m, k0) * p0 + (bank.Weight(m, k0 - 1) + bank.Weight(m, k0 + 1)) * p1;
            if (mel == 0) continue;
            checkedBands++;
            for (int t = 2; t <= 41; t++) // frames that lie wholly inside the signal
                Assert.Equal(10 * Math.Log10(mel), lms[m, t], 0.01);
        }
        Assert.InRange(checkedBands, 1, 4);
    }

    [Fact]
    public void EveryFrameIncludingTheCentrePaddedEdgesMatchesADirectDft()
    {
        // 1000 samples of noise and a 22,050-sample chunk: frames 0 and the last hang over both ends and are
        // zero-padded; the test pads by hand and uses a direct DFT, independent of the library's FFT and framing.
        foreach (var n in new[] { 1000, 22050 })
        {
            var y = AudioTestSignals.Noise(n, seed: n);
            var lms = MelSpectrogram.Log(y);
            var bank = MelFilterBank.Default;
            int frames = 1 + n / 512;
            Assert.Equal(frames, lms.Frames);
            foreach (var t in new[] { 0, 1, frames / 2, frames - 1 }.Distinct())
            {
                var frame = new double[2048];
                for (int j = 0; j < 2048; j++)
                {
                    int src = t * 512 + j - 1024; // index into the original signal; outside it: zero padding
                    double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * j / 2048);
                    frame[j] = src >= 0 && src < n ? y[src] * w : 0;
                }
                var (re, im) = AudioTestSignals.NaiveDft(frame, 1025);
                for (int m = 0; m < 128; m++)
                {
                    double mel = 0;
                    for (int k = 0; k < 1025; k++) mel += bank.Weight(m, k) * (re[k] * re[k] + im[k] * im[k]);
                    Assert.Equal(10 * Math.Log10(Math.Max(1e-10, mel)), lms[m, t], 0.001);
                }
            }
        }
    }

    [Fact]
    public void PowerAndLogAgreeAndTheBatchFormWritesInPlace()
    {
        var y = AudioTestSignals.Noise(22050, seed: 3);
        var ms = MelSpectrogram.Power(y);
        var lms = MelSpectrogram.Log(y);
        for (int i = 0; i < ms.Data.Length; i++) Assert.Equal(10 * Math.Log10(Math.Max(1e-10, ms.Data[i])), lms.Data[i], 1e-3);
        var batch = new float[2 * 128 * 44];
        MelSpectrogram.Compute(y, batch.AsSpan(128 * 44, 128 * 44), log: true);
        Assert.Equal(lms.Data, batch[(128 * 44)..]);
        Assert.All(batch[..(128 * 44)], v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentException>(() => MelSpectrogram.Compute(y, new float[100], log: true));
    }
}
