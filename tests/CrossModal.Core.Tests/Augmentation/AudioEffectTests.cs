using CrossModal.Core.Audio.Augmentation;
using CrossModal.Core.Audio.Microphone;
using static CrossModal.Core.Tests.Augmentation.SignalMeasures;

namespace CrossModal.Core.Tests.Augmentation;

/// <summary>Each effect does what it claims, measured on signals where the claim is checkable.</summary>
public class AudioEffectTests
{
    [Theory]
    [InlineData(7.5)]
    [InlineData(-11)]
    public void GainChangesTheRmsByTheChosenDb(double db)
    {
        var x = Sine(440, 0.05);
        var y = AudioAugmenter.Apply(x, Rate, AugmentationPlan.None with { GainDb = db });
        Assert.Equal(db, Db(Power(y) / Power(x)), 3);
    }

    [Fact]
    public void GainThatWouldClipIsScaledBackToFullScaleNotClipped()
    {
        var x = Sine(440, 0.5);
        var y = AudioAugmenter.Apply(x, Rate, AugmentationPlan.None with { GainDb = 12 });
        Assert.Equal(1f, y.Max(v => Math.Abs(v)), 4);
        // A uniform scale keeps the waveform's shape: still a pure sine (crest factor √2), not a clipped one.
        Assert.Equal(Math.Sqrt(2), 1 / Math.Sqrt(Power(y)), 2);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-6)]
    public void TiltMovesTheHighToLowBalanceByTheChosenDb(double tiltDb)
    {
        var x = WhiteNoise(1);
        var y = x.ToArray();
        Equaliser.Tilt(y, Rate, tiltDb, 1000);
        var before = Db(BandEnergy(x, 8000, 16000) / BandEnergy(x, 30, 120));
        var after = Db(BandEnergy(y, 8000, 16000) / BandEnergy(y, 30, 120));
        // A first-order shelf reaches its full gain only asymptotically: > 85 % of it a decade from the pivot.
        Assert.InRange((after - before) / tiltDb, 0.85, 1.02);
        // The pivot itself is left near unity (±0.5 dB) by the centred design.
        var tone = Sine(1000, 0.1);
        Equaliser.Tilt(tone, Rate, tiltDb, 1000);
        Assert.InRange(Db(Power(tone, 4000) / Power(Sine(1000, 0.1), 4000)), -0.5, 0.5);
    }

    [Fact]
    public void ResonanceBoostsItsCentreAndLeavesDistantFrequencies()
    {
        var centre = Sine(1200, 0.1);
        var far = Sine(150, 0.1);
        var c = centre.ToArray();
        var f = far.ToArray();
        Equaliser.Peaking(c, Rate, 1200, 9, 4);
        Equaliser.Peaking(f, Rate, 1200, 9, 4);
        // Skip the filter's start transient.
        Assert.Equal(9, Db(Power(c, 4000) / Power(centre, 4000)), 1);
        Assert.InRange(Db(Power(f, 4000) / Power(far, 4000)), -0.3, 0.3);
    }

    [Fact]
    public void ReverbLengthensTheDecayOfAnImpulseAndLongerRoomsRingLonger()
    {
        var impulse = new float[ChunkLength];
        impulse[0] = 1;
        var shortRoom = impulse.ToArray();
        var longRoom = impulse.ToArray();
        SyntheticReverb.Apply(shortRoom, Rate, 0.3, 0.5, seed: 11);
        SyntheticReverb.Apply(longRoom, Rate, 0.9, 0.5, seed: 11);
        // Dry: nothing after the impulse. Wet: a tail.
        Assert.Equal(0, Power(impulse, 1));
        Assert.True(Power(shortRoom, 4410, 8820) > 0);
        Assert.True(Power(longRoom, 4410, 8820) > 10 * Power(shortRoom, 4410, 8820));
        // Once the faster upper band has died away, the tail falls 60 dB per RT60:
        // 20 dB from 0.1 s to 0.2 s at RT60 0.3 s, 13.3 dB from 0.25 s to 0.45 s at RT60 0.9 s.
        var window = 882; // 20 ms
        var drop = Db(Power(shortRoom, 4410, 4410 + window) / Power(shortRoom, 8820, 8820 + window));
        Assert.InRange(drop, 17, 23);
        var longDrop = Db(Power(longRoom, 11025, 11025 + window) / Power(longRoom, 19845, 19845 + window));
        Assert.InRange(longDrop, 11.5, 16);
    }

    [Fact]
    public void ReverbImpulseResponseHasUnitEnergy()
    {
        var h = new double[20_000];
        SyntheticReverb.ImpulseResponse(h, Rate, 0.5, 3);
        Assert.Equal(1, h.Sum(v => v * v), 9);
        Assert.All(h, v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData(15, NoiseColour.White)]
    [InlineData(40, NoiseColour.Pink)]
    [InlineData(27.3, NoiseColour.Pink)]
    public void NoiseHitsTheRequestedSnr(double snr, NoiseColour colour)
    {
        var x = Sine(330, 0.2);
        var y = x.ToArray();
        AdditiveNoise.Apply(y, snr, colour, 99);
        var noise = y.Zip(x, (a, b) => a - b).ToArray();
        Assert.InRange(Db(Power(x) / Power(noise)), snr - 1, snr + 1);
    }

    [Fact]
    public void PinkNoiseFallsWithFrequencyAndWhiteNoiseIsFlat()
    {
        var silentButNotZero = Sine(30, 0.001); // a reference signal far below the bands measured
        var pink = silentButNotZero.ToArray();
        var white = silentButNotZero.ToArray();
        AdditiveNoise.Apply(pink, -40, NoiseColour.Pink, 5);
        AdditiveNoise.Apply(white, -40, NoiseColour.White, 5);
        // Per Hz: pink falls 3 dB per octave, so 200–400 Hz vs 6.4–12.8 kHz (5 octaves) differs by ~15 dB.
        double PerHz(float[] s, double lo, double hi) => BandEnergy(s, lo, hi) / (hi - lo);
        var pinkSlope = Db(PerHz(pink, 200, 400) / PerHz(pink, 6400, 12800));
        var whiteSlope = Db(PerHz(white, 200, 400) / PerHz(white, 6400, 12800));
        Assert.InRange(pinkSlope, 12, 18);
        Assert.InRange(whiteSlope, -1.5, 1.5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(0.5)]
    public void PitchShiftMovesASinePeakByTheRatio(double semitones)
    {
        var x = Sine(440, 0.3);
        var y = new float[x.Length];
        TimeAndPitch.PitchShift(x, y, semitones);
        var expected = 440 * Math.Pow(2, semitones / 12);
        Assert.Equal(expected, PeakFrequency(y, 380, 500), 0);
        // The level is kept: windowed sinc with unit DC gain, pass band far above 440 Hz.
        Assert.InRange(Db(Power(y) / Power(x)), -0.3, 0.3);
    }

    [Fact]
    public void PitchShiftOfZeroReproducesTheInput()
    {
        var x = WhiteNoise(4, 0.3);
        var y = new float[x.Length];
        TimeAndPitch.PitchShift(x, y, 0);
        // Integer read positions: the kernel is the 0.9-band-limited sinc there, so white noise loses its top 10 %.
        var err = y.Zip(x, (a, b) => a - b).ToArray();
        Assert.True(Db(Power(x) / Power(err)) > 9);
        var tone = Sine(2000, 0.3);
        TimeAndPitch.PitchShift(tone, y, 0);
        Assert.True(Db(Power(tone) / Power(y.Zip(tone, (a, b) => a - b).ToArray())) > 60);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(-2205)]
    public void TimeShiftMovesAClickAndReflectsAtTheEdge(int shift)
    {
        var x = new float[ChunkLength];
        for (var i = 0; i < x.Length; i++) x[i] = 0.01f * i / x.Length; // a ramp, to see the reflection
        x[10_000] = 1;
        var y = new float[x.Length];
        TimeAndPitch.Shift(x, y, shift);
        Assert.Equal(10_000 + shift, Array.IndexOf(y, 1f));
        if (shift > 0) Assert.Equal(x[shift], y[0]);                       // mirrored about the first sample
        else Assert.Equal(x[x.Length - 1 + shift], y[^1]);                  // mirrored about the last sample
    }

    [Fact]
    public void ReflectionMirrorsWithoutRepeatingTheEdges()
    {
        Assert.Equal([2, 1, 0, 1, 2, 3, 2, 1, 0], Enumerable.Range(-2, 9).Select(i => TimeAndPitch.Reflect(i, 4)).ToArray());
        Assert.Equal(0, TimeAndPitch.Reflect(-7, 1));
    }
}
