using CrossModal.Core.Audio.Augmentation;
using CrossModal.Core.Audio.Microphone;
using System.Diagnostics;
using Xunit.Abstractions;
using static CrossModal.Core.Tests.Augmentation.SignalMeasures;

namespace CrossModal.Core.Tests.Augmentation;

public class AudioAugmenterTests(ITestOutputHelper output)
{
    private static readonly AudioAugmentationOptions Everything = new()
    {
        GainProbability = 1, TiltProbability = 1, ResonanceProbability = 1, ReverbProbability = 1,
        NoiseProbability = 1, PitchShiftProbability = 1, TimeShiftProbability = 1,
    };

    [Fact]
    public void ReturnsANewArrayOfTheSameLengthFiniteAndWithinFullScale()
    {
        var x = Sine(440, 0.9);
        var rng = new Random(3);
        for (var i = 0; i < 40; i++)
        {
            var y = AudioAugmenter.Augment(x, Rate, rng, i % 2 == 0 ? null : Everything);
            Assert.NotSame(x, y);
            Assert.Equal(ChunkLength, y.Length);
            Assert.All(y, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1));
        }
        Assert.Equal(Sine(440, 0.9), x); // the input is untouched
    }

    [Fact]
    public void IsDeterministicForAnRngStateAndVariesWithTheSeed()
    {
        var x = WhiteNoise(2, 0.2);
        var a = AudioAugmenter.Augment(x, Rate, new Random(17), Everything);
        var b = AudioAugmenter.Augment(x, Rate, new Random(17), Everything);
        var c = AudioAugmenter.Augment(x, Rate, new Random(18), Everything);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(AudioAugmenter.Draw(Rate, new Random(5), Everything), AudioAugmenter.Draw(Rate, new Random(5), Everything));
    }

    [Fact]
    public void EveryDrawConsumesTheSameRandomValuesWhateverIsSkipped()
    {
        // So that switching one effect off does not reshuffle the others (nor the caller's later draws).
        var on = new Random(9);
        var off = new Random(9);
        var planOn = AudioAugmenter.Draw(Rate, on, Everything);
        var planOff = AudioAugmenter.Draw(Rate, off, Everything with { ReverbProbability = 0 });
        Assert.Null(planOff.Reverb);
        Assert.Equal(planOn with { Reverb = null }, planOff);
        Assert.Equal(on.Next(), off.Next());
    }

    [Fact]
    public void ProbabilitiesControlHowOftenEachEffectRuns()
    {
        var rng = new Random(1);
        var plans = Enumerable.Range(0, 2000).Select(_ => AudioAugmenter.Draw(Rate, rng, AudioAugmentationOptions.Default)).ToArray();
        Assert.All(plans, p => Assert.NotNull(p.GainDb));
        Assert.InRange(plans.Count(p => p.Reverb is not null) / 2000.0, 0.45, 0.55);
        Assert.InRange(plans.Count(p => p.Tilt is not null) / 2000.0, 0.55, 0.65);
        Assert.All(plans, p => Assert.InRange(p.GainDb!.Value, -12, 12));
        Assert.All(plans.Where(p => p.Reverb is not null), p => Assert.InRange(p.Reverb!.Rt60Seconds, 0.1, 1.2));
        Assert.All(plans.Where(p => p.Noise is not null), p => Assert.InRange(p.Noise!.SnrDb, 15, 40));
        Assert.All(plans.Where(p => p.PitchShiftSemitones is not null), p => Assert.InRange(p.PitchShiftSemitones!.Value, -1, 1));
        Assert.All(plans.Where(p => p.TimeShiftSamples is not null), p => Assert.InRange(p.TimeShiftSamples!.Value, -2205, 2205));
        var none = new AudioAugmentationOptions
        {
            GainProbability = 0, TiltProbability = 0, ResonanceProbability = 0, ReverbProbability = 0,
            NoiseProbability = 0, PitchShiftProbability = 0, TimeShiftProbability = 0,
        };
        var x = WhiteNoise(6, 0.3);
        Assert.Equal(x, AudioAugmenter.Augment(x, Rate, new Random(2), none));
    }

    [Fact]
    public void SilenceStaysSilentUnderEveryEffect()
    {
        var rng = new Random(4);
        for (var i = 0; i < 10; i++)
            Assert.All(AudioAugmenter.Augment(new float[ChunkLength], Rate, rng, Everything), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ClippedAndOverFullScaleInputsGiveFiniteOutputWithinFullScale()
    {
        var square = Sine(220, 1).Select(v => v >= 0 ? 1f : -1f).ToArray();
        var hot = Sine(220, 3); // a float WAV may exceed 1
        var rng = new Random(8);
        foreach (var x in new[] { square, hot })
            for (var i = 0; i < 10; i++)
                Assert.All(AudioAugmenter.Augment(x, Rate, rng, Everything), v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1));
    }

    [Fact]
    public void BadInputIsRefusedWithAClearMessage()
    {
        var rng = new Random(1);
        var nan = Sine(440, 0.1);
        nan[100] = float.NaN;
        Assert.Contains("NaN", Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(nan, Rate, rng)).Message);
        var inf = Sine(440, 0.1);
        inf[7] = float.PositiveInfinity;
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(inf, Rate, rng));
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment([], Rate, rng));
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(Sine(440, 0.1), 0, rng));
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(Sine(440, 0.1), Rate, rng, new() { ReverbProbability = 1.5 }));
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(Sine(440, 0.1), Rate, rng, new() { MinSnrDb = 40, MaxSnrDb = 15 }));
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(Sine(440, 0.1), Rate, rng, new() { MaxPitchShiftSemitones = 3 }));
        Assert.Throws<InvalidInputException>(() => AudioAugmenter.Augment(Sine(440, 0.1), Rate, rng, new() { MaxReverbWet = 2 }));
    }

    [Fact]
    public void ShortChunksAndOtherRatesWork()
    {
        var rng = new Random(12);
        foreach (var (n, rate) in new[] { (1, 44_100), (5, 44_100), (300, 8000), (24_000, 48_000) })
        {
            var x = WhiteNoise(n, 0.3, n);
            for (var i = 0; i < 5; i++)
            {
                var y = AudioAugmenter.Augment(x, rate, rng, Everything);
                Assert.Equal(n, y.Length);
                Assert.All(y, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1));
            }
        }
    }

    [Fact]
    public void ManyChunksStayFiniteAndTheAverageCostIsReported()
    {
        // Properties over many random plans. The time is printed, not asserted (a Debug test build is several times
        // slower than Release; the figure in docs/MODELS.md comes from a Release run).
        var x = Sine(440, 0.3).Zip(WhiteNoise(3, 0.05), (a, b) => a + b).ToArray();
        var rng = new Random(21);
        AudioAugmenter.Augment(x, Rate, rng); // warm up (JIT, FFT tables)
        const int count = 60;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var y = AudioAugmenter.Augment(x, Rate, rng);
            Assert.Equal(ChunkLength, y.Length);
            foreach (var v in y) Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1);
        }
        var defaults = clock.Elapsed.TotalMilliseconds / count;
        clock.Restart();
        for (var i = 0; i < count; i++) AudioAugmenter.Augment(x, Rate, rng, Everything);
        var all = clock.Elapsed.TotalMilliseconds / count;
        output.WriteLine($"AudioAugmenter.Augment on a 22,050-sample chunk: {defaults:F2} ms average with the default options, {all:F2} ms with every effect on");
    }

    [Fact]
    public void ARandomTimbreShapesTheSpectrumWithinItsBoundsAndKeepsTheOtherDraws()
    {
        var options = new AudioAugmentationOptions { TimbreProbability = 1, MinTimbreBands = 3, MaxTimbreBands = 6, MaxTimbreGainDb = 10 };
        var rng = new Random(30);
        for (var i = 0; i < 20; i++)
        {
            var plan = AudioAugmenter.Draw(Rate, rng, options);
            Assert.InRange(plan.Timbre!.Count, 3, 6);
            Assert.All(plan.Timbre, b => { Assert.InRange(b.CentreHz, 100, 10_000); Assert.InRange(b.GainDb, -10, 10); Assert.InRange(b.Q, 0.7, 3); });
        }
        var with = AudioAugmenter.Draw(Rate, new Random(31), options);
        Assert.Equal(with, AudioAugmenter.Draw(Rate, new Random(31), options));
        Assert.Equal(with with { Timbre = null }, AudioAugmenter.Draw(Rate, new Random(31), AudioAugmentationOptions.Default));

        // One band of +10 dB at 1 kHz (nothing else drawn) lifts a 1 kHz sine by 10 dB.
        var lift = AugmentationPlan.None with { Timbre = [new ResonanceSettings(1000, 10, 1)] };
        var x = Sine(1000, 0.05);
        Assert.Equal(10, Db(Power(AudioAugmenter.Apply(x, Rate, lift), 4096) / Power(x, 4096)), 0.3);
    }
}
