using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Audio;

public class RepresentationTests
{
    [Theory]
    [InlineData(Representation.Stft, 1025)]
    [InlineData(Representation.Ms, 128)]
    [InlineData(Representation.Lms, 128)]
    [InlineData(Representation.Cqt, 84)]
    [InlineData(Representation.Mfcc, 20)]
    public void EveryRepresentationGives44FramesForAHalfSecondChunk(Representation r, int bins)
    {
        var s = FeatureExtractor.Extract(AudioTestSignals.Noise(22050, seed: 1), r);
        Assert.Equal((bins, 44), (s.Bins, s.Frames));
        Assert.Equal(bins, FeatureExtractor.BinCount(r));
        Assert.All(s.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void StftIsTheLogMagnitudeOfTheAnalyticSineSpectrum()
    {
        // Sine of amplitude A at bin k0 through a full periodic Hann frame: |X[k0]| = A·N/4.
        var s = FeatureExtractor.Extract(AudioTestSignals.Sine(22050, 100 * 44100.0 / 2048, 0.4), Representation.Stft);
        Assert.Equal(20 * Math.Log10(0.4 * 2048 / 4), s[100, 20], 0.01);
        Assert.Equal(20 * Math.Log10(0.4 * 2048 / 8), s[101, 20], 0.01);
    }

    [Fact]
    public void CqtPeaksAtTheSinesNoteWithHalfItsAmplitude()
    {
        // A4 = 440 Hz is bin 45 (C1 + 45 semitones); L1-normalised kernels read A/2 for a sine of amplitude A.
        var cqt = ConstantQTransform.Default;
        Assert.Equal(440.0, cqt.CentreFrequencies[45], 1e-6);
        var s = FeatureExtractor.Extract(AudioTestSignals.Sine(22050, 440, 0.5), Representation.Cqt);
        for (int t = 10; t < 34; t++)
        {
            int argmax = Enumerable.Range(0, 84).MaxBy(k => s[k, t]);
            Assert.Equal(45, argmax);
            Assert.Equal(20 * Math.Log10(0.25), s[45, t], 0.1);
            Assert.True(s[43, t] < s[45, t] - 20 && s[47, t] < s[45, t] - 20, "two semitones away must be far weaker");
        }
        Assert.Equal(32.703, cqt.FMin, 1e-3);
        Assert.Equal(3951.07, cqt.CentreFrequencies[83], 0.01); // B7
    }

    [Fact]
    public void CqtResolvesLowNotesASemitoneApart()
    {
        // C2 (65.4 Hz, bin 12) — at 2048 points an STFT bin is 21.5 Hz wide, more than three semitones here.
        var s = FeatureExtractor.Extract(AudioTestSignals.Sine(22050, 65.406, 0.5), Representation.Cqt);
        Assert.Equal(12, Enumerable.Range(0, 84).MaxBy(k => s[k, 22]));
        Assert.True(s[12, 22] > s[13, 22] + 3 && s[12, 22] > s[11, 22] + 3);
    }

    [Fact]
    public void MfccIsTheOrthonormalDctOfTheLms()
    {
        var y = AudioTestSignals.Noise(22050, seed: 9);
        var lms = FeatureExtractor.Extract(y, Representation.Lms);
        var mfcc = FeatureExtractor.Extract(y, Representation.Mfcc);
        for (int t = 0; t < 44; t += 7)
            for (int q = 0; q < 20; q++)
            {
                double expected = 0;
                for (int m = 0; m < 128; m++) expected += lms[m, t] * Math.Cos(Math.PI * q * (2 * m + 1) / 256.0);
                expected *= Math.Sqrt((q == 0 ? 1.0 : 2.0) / 128);
                Assert.Equal(expected, mfcc[q, t], 1e-3);
            }
        // A flat LMS of −100 dB (silence) has only the 0th coefficient: √128 · (−100).
        var silence = FeatureExtractor.Extract(new float[22050].Select(_ => 0f).ToArray().AsSpan(0, 22050), Representation.Mfcc);
        Assert.Equal(-100 * Math.Sqrt(128), silence[0, 5], 0.01);
        Assert.Equal(0, silence[1, 5], 1e-3);
    }

    [Fact]
    public void ClipsAtOtherRatesAreResampledAndBadSamplesRefused()
    {
        var clip = new AudioClip(AudioTestSignals.Sine(24000, 1000, 0.5, 48000), 48000);
        Assert.Equal(44, FeatureExtractor.Extract(clip, Representation.Lms).Frames);
        Assert.Throws<InvalidInputException>(() => FeatureExtractor.Extract(ReadOnlySpan<float>.Empty, Representation.Lms));
        Assert.Throws<InvalidInputException>(() => FeatureExtractor.Extract(new[] { 0f, float.NaN }, Representation.Lms));
    }
}
