using System.Diagnostics;
using CrossModal.Core.Audio.Augmentation;
using CrossModal.Core.Audio.Microphone;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Recipes;
using CrossModal.DatasetTools.Codecs;
using static CrossModal.Core.Tests.Augmentation.SignalMeasures;

namespace CrossModal.Core.Tests.Microphone;

/// <summary>
/// The simulated microphone's last stage, a lossy codec run by ffmpeg (Debian's package ffmpeg, with libopus and
/// libmp3lame), and how the chain, the evaluation condition and the augmentation draw it without changing anything
/// they drew before it existed.
/// </summary>
public class LossyCodecTests
{
    static readonly FfmpegLossyCodec Ffmpeg = new();

    /// <summary>A Hann-windowed 300 Hz → 3.3 kHz chirp of 2000 samples at sample 8000, silence around it: one clear correlation peak.</summary>
    static float[] ChirpBurst()
    {
        var x = new float[ChunkLength];
        for (var i = 0; i < 2000; i++)
        {
            double t = i / (double)Rate, w = Math.Pow(Math.Sin(Math.PI * i / 2000), 2);
            x[8000 + i] = (float)(0.5 * w * Math.Sin(2 * Math.PI * (300 * t + 1500 * t * t * Rate / 2000)));
        }
        return x;
    }

    /// <summary>The lag (output later = positive) at which the output best matches the input, within ±<paramref name="maxLag"/>.</summary>
    static int PeakLag(float[] x, float[] y, int maxLag = 2000)
    {
        var (best, bestLag) = (double.MinValue, 0);
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double s = 0;
            for (var i = Math.Max(0, -lag); i < x.Length && i + lag < y.Length; i++) s += (double)x[i] * y[i + lag];
            if (s > best) (best, bestLag) = (s, lag);
        }
        return bestLag;
    }

    static double SnrDb(float[] x, float[] y)
    {
        double signal = 0, error = 0;
        for (var i = 0; i < x.Length; i++) { signal += (double)x[i] * x[i]; error += (double)(y[i] - x[i]) * (y[i] - x[i]); }
        return 10 * Math.Log10(signal / error);
    }

    [Theory]
    [InlineData(LossyCodecFormat.Opus, 16)]
    [InlineData(LossyCodecFormat.Opus, 64)]
    [InlineData(LossyCodecFormat.Mp3, 32)]
    [InlineData(LossyCodecFormat.Mp3, 128)]
    public void ARoundTripKeepsTheLengthAndLinesUpWithTheInput(LossyCodecFormat format, int kbps)
    {
        var x = ChirpBurst();
        var y = Ffmpeg.RoundTrip(x, Rate, new LossyCodecSettings(format, kbps));
        Assert.Equal(x.Length, y.Length);
        Assert.NotEqual(x, y);
        Assert.InRange(PeakLag(x, y), -2, 2);
        Assert.Equal(x, ChirpBurst()); // the input is untouched
    }

    /// <summary>A 220 Hz tone with its harmonics up to 6.6 kHz at 1/h: enough detail for the bit rate to matter.</summary>
    static float[] Harmonic()
    {
        var y = new float[ChunkLength];
        for (var i = 0; i < y.Length; i++)
            for (var h = 1; h <= 30; h++) y[i] += (float)(0.25 * Math.Sin(2 * Math.PI * 220 * h * i / Rate) / h);
        return y;
    }

    [Theory]
    [InlineData(LossyCodecFormat.Opus, 16, 64)]
    [InlineData(LossyCodecFormat.Mp3, 32, 64)]
    public void ATonePassesCloseAtAGoodBitRateAndLessCloseAtThePoorest(LossyCodecFormat format, int poorest, int good)
    {
        // Measured (ffmpeg 5.1): 440 Hz at 64 kb/s Opus 40.9 dB, MP3 26.0 dB (at every MP3 rate: LAME scales its input by
        // 0.95, −0.45 dB, which bounds a tone's SNR at 26 dB); the harmonic tone Opus 16.6 → 30.6 dB, MP3 16.9 → 24.7 dB.
        var tone = Sine(440, 0.5);
        var toneSnr = SnrDb(tone, Ffmpeg.RoundTrip(tone, Rate, new LossyCodecSettings(format, good)));
        Assert.True(toneSnr > 15, $"{format} {good} kb/s, 440 Hz: SNR {toneSnr:F1} dB");

        var x = Harmonic();
        var high = SnrDb(x, Ffmpeg.RoundTrip(x, Rate, new LossyCodecSettings(format, good)));
        var low = SnrDb(x, Ffmpeg.RoundTrip(x, Rate, new LossyCodecSettings(format, poorest)));
        Assert.True(high > 15, $"{format} {good} kb/s: SNR {high:F1} dB");
        Assert.True(low > 10 && low < high - 3, $"{format}: {poorest} kb/s {low:F1} dB, {good} kb/s {high:F1} dB");
    }

    [Theory]
    [InlineData(LossyCodecFormat.Opus, 16)]
    [InlineData(LossyCodecFormat.Mp3, 32)]
    public void SilenceStaysNearSilenceAndARoundTripIsRepeatable(LossyCodecFormat format, int kbps)
    {
        var silence = Ffmpeg.RoundTrip(new float[ChunkLength], Rate, new LossyCodecSettings(format, kbps));
        Assert.Equal(ChunkLength, silence.Length);
        Assert.All(silence, v => Assert.True(Math.Abs(v) < 1e-3));
        var x = WhiteNoise(5, 0.3);
        Assert.Equal(Ffmpeg.RoundTrip(x, Rate, new LossyCodecSettings(format, kbps)), Ffmpeg.RoundTrip(x, Rate, new LossyCodecSettings(format, kbps)));
    }

    [Fact]
    public void AMissingFfmpegIsNamedWithItsPackage()
    {
        var missing = new FfmpegLossyCodec("/nonexistent/bin/ffmpeg");
        var e = Assert.Throws<InvalidInputException>(() => missing.RoundTrip(Sine(440, 0.5), Rate, new LossyCodecSettings(LossyCodecFormat.Opus, 32)));
        Assert.Contains("/nonexistent/bin/ffmpeg", e.Message);
        Assert.Contains("apt-get install ffmpeg", e.Message);
    }

    [Fact]
    public void AFailingFfmpegGivesItsExitCodeAndAHangingOneIsKilled()
    {
        var failing = new FfmpegLossyCodec("false");
        var e = Assert.Throws<InvalidOperationException>(() => failing.RoundTrip(Sine(440, 0.5), Rate, new LossyCodecSettings(LossyCodecFormat.Mp3, 64)));
        Assert.Contains("exit 1", e.Message);

        if (OperatingSystem.IsWindows()) return; // the hanging stand-in is a shell script
        var dir = Directory.CreateTempSubdirectory("lossy-codec-test");
        try
        {
            var script = Path.Combine(dir.FullName, "ffmpeg");
            File.WriteAllText(script, "#!/bin/sh\nsleep 30\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var hanging = new FfmpegLossyCodec(script, TimeSpan.FromSeconds(1));
            var clock = Stopwatch.StartNew();
            var t = Assert.Throws<TimeoutException>(() => hanging.RoundTrip(Sine(440, 0.5), Rate, new LossyCodecSettings(LossyCodecFormat.Opus, 32)));
            Assert.Contains("killed", t.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void BitRatesTheFormatCannotHaveAreRefused()
    {
        Assert.Throws<InvalidInputException>(() => Ffmpeg.RoundTrip(Sine(440, 0.5), Rate, new LossyCodecSettings(LossyCodecFormat.Mp3, 100)));
        Assert.Throws<InvalidInputException>(() => Ffmpeg.RoundTrip(Sine(440, 0.5), Rate, new LossyCodecSettings(LossyCodecFormat.Opus, 2)));
        Assert.Throws<InvalidInputException>(() => Ffmpeg.RoundTrip(Sine(440, 0.5, 16_000), 22_050, new LossyCodecSettings(LossyCodecFormat.Mp3, 64)));
        Assert.Throws<InvalidInputException>(() => MicrophoneChain.Draw(Rate, new Random(1), MicrophoneChainRanges.Evaluation with { MinMp3Kbps = 33, MaxMp3Kbps = 39 }));
        Assert.Throws<InvalidInputException>(() => MicrophoneChain.Draw(Rate, new Random(1), MicrophoneChainRanges.Evaluation with { CodecProbability = 2 }));
    }

    /// <summary>Records what it was asked to encode and gives the samples back halved; fails the test if a chain without a codec calls it.</summary>
    sealed class FakeCodec(bool allowed = true) : ILossyCodec
    {
        public List<LossyCodecSettings> Calls { get; } = [];

        public float[] RoundTrip(ReadOnlySpan<float> samples, int sampleRate, LossyCodecSettings codec, CancellationToken cancel = default)
        {
            Assert.True(allowed, "a chain without a codec stage ran the codec");
            lock (Calls) Calls.Add(codec);
            var y = samples.ToArray();
            for (var i = 0; i < y.Length; i++) y[i] *= 0.5f;
            return y;
        }
    }

    [Fact]
    public void WithTheCodecOffTheChainDrawsAndRecordsExactlyAsBefore()
    {
        var x = WhiteNoise(3, 0.2);
        for (var seed = 0; seed < 20; seed++)
        {
            var plain = MicrophoneChain.Draw(Rate, new Random(seed), MicrophoneChainRanges.Evaluation);
            var coded = MicrophoneChain.Draw(Rate, new Random(seed), MicrophoneChainRanges.EvaluationWithCodec);
            var training = MicrophoneChain.Draw(Rate, new Random(seed), MicrophoneChainRanges.Training);
            Assert.Null(plain.Codec);
            Assert.Null(training.Codec);
            Assert.NotNull(coded.Codec);
            Assert.Equal(plain, coded with { Codec = null }); // the codec is drawn after every other stage
            // A chain without the codec never calls it, and gives the same samples as with no codec at all.
            Assert.Equal(MicrophoneChain.Apply(x, Rate, plain), MicrophoneChain.Apply(x, Rate, plain, new FakeCodec(allowed: false)));
        }
        // The codec's draw always takes four values, whatever it picks.
        var (on, off) = (new Random(4), new Random(4));
        MicrophoneChain.Draw(Rate, on, MicrophoneChainRanges.EvaluationWithCodec);
        MicrophoneChain.Draw(Rate, off, MicrophoneChainRanges.Evaluation);
        Assert.Equal(on.Next(), off.Next());
    }

    [Fact]
    public void TheExistingStagesStillDrawTheValuesTheyDrewBeforeTheCodec()
    {
        // Seed 8, evaluation ranges: the values every chain was drawn with before the codec was added (recorded then).
        var chain = MicrophoneChain.Draw(Rate, new Random(8), MicrophoneChainRanges.Evaluation);
        var s = chain.Speaker!;
        Assert.Equal(GoldenSpeaker, [s.HighPassHz, s.HighPassQ, s.PresenceHz, s.PresenceGainDb, s.PresenceQ], new Tolerance());
        Assert.Equal(GoldenRoom, [chain.Room!.Rt60Seconds, chain.Room.EarlyReflections.Count, chain.Room.DirectToReverberantDb, chain.Room.Seed], new Tolerance());
        Assert.Equal(GoldenRest, [chain.Microphone!.HighPassHz, chain.Microphone.RollOffHz, chain.Noise!.SnrDb, chain.Noise.Seed,
            chain.BandLimit!.LowHz, chain.BandLimit.HighHz, chain.PeakDbfs!.Value], new Tolerance());
    }

    // Printed from MicrophoneChain.Draw(44100, new Random(8), MicrophoneChainRanges.Evaluation) by the code before the codec
    // stage (commit f673495); the seeds are ulongs, compared as doubles.
    static readonly double[] GoldenSpeaker = [182.89252280684343, 0.9879412905722582, 2551.317458265683, 7.089595360723136, 1.3242919907337574];
    static readonly double[] GoldenRoom = [0.5189571670810492, 6, 4.733807520816945, 1.2963112259981284E+18];
    static readonly double[] GoldenRest = [96.1075523232117, 7042.695095886051, 12.193354425110554, 4.6105751876100854E+18, 191.66185184166332, 7330.355173844415, -16.750369957997634];

    sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a));
        public int GetHashCode(double v) => 0;
    }

    [Fact]
    public void TheEvaluationCodecCoversBothFormatsAndTheirRanges()
    {
        var rng = new Random(3);
        var drawn = Enumerable.Range(0, 400).Select(_ => MicrophoneChain.Draw(Rate, rng, MicrophoneChainRanges.EvaluationWithCodec).Codec!).ToList();
        var opus = drawn.Where(c => c.Format == LossyCodecFormat.Opus).ToList();
        var mp3 = drawn.Where(c => c.Format == LossyCodecFormat.Mp3).ToList();
        Assert.InRange(opus.Count, 160, 240);
        Assert.All(opus, c => Assert.InRange(c.BitrateKbps, 16, 64));
        Assert.All(mp3, c => Assert.Contains(c.BitrateKbps, new[] { 32, 40, 48, 56, 64, 80, 96, 112, 128 }));
        Assert.Contains(opus, c => c.BitrateKbps < 24);
        Assert.Contains(opus, c => c.BitrateKbps > 56);
        Assert.Contains(mp3, c => c.BitrateKbps == 32);
        Assert.Contains(mp3, c => c.BitrateKbps == 128);
    }

    [Fact]
    public void TheSimulatedMicrophoneWithACodecRecordsTheSameChainThenEncodesIt()
    {
        var x = Sine(440, 0.3);
        var plain = new SimulatedMicrophone(7);
        var fake = new FakeCodec();
        var coded = new SimulatedMicrophone(7, fake);
        foreach (var name in new[] { "cello01_500", "flute02_1000", "tuba#3" })
        {
            Assert.Equal(plain.Chain(name), coded.Chain(name) with { Codec = null });
            var chain = coded.Chain(name);
            var expected = MicrophoneChain.Apply(x, Rate, chain with { Codec = null });
            for (var i = 0; i < expected.Length; i++) expected[i] *= 0.5f; // the fake codec halves
            Assert.Equal(expected, coded.Record(x, name));
            Assert.Equal(chain.Codec, fake.Calls[^1]);
        }
        Assert.DoesNotContain("codec", plain.Describe());
        Assert.Contains("then a lossy codec: Opus 16–64 kb/s or MP3 32–128 kb/s", coded.Describe());
        Assert.Contains("MP3 32–128 kb/s", new SimulatedMicrophone(7, fake, LossyCodecFormat.Mp3).Describe());
        Assert.All(Enumerable.Range(0, 30), i => Assert.Equal(LossyCodecFormat.Opus, new SimulatedMicrophone(7, fake, LossyCodecFormat.Opus).Chain($"c{i}").Codec!.Format));
        Assert.Throws<InvalidOperationException>(() => new SimulatedMicrophone(7, null, LossyCodecFormat.Opus).Chain("c"));
    }

    [Fact]
    public void TheSimulatedMicrophoneRunsFfmpegAndEveryRecordingStaysWithinFullScale()
    {
        var microphone = new SimulatedMicrophone(7, Ffmpeg);
        var x = WhiteNoise(9, 0.3);
        var once = microphone.Record(x, "violin01_500");
        Assert.Equal(x.Length, once.Length);
        Assert.All(once, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1));
        Assert.Equal(once, microphone.Record(x, "violin01_500"));
        Assert.NotEqual(once, new SimulatedMicrophone(7).Record(x, "violin01_500"));
    }

    [Fact]
    public void AChainWithACodecAndNoneToRunItIsRefused()
    {
        var chain = MicrophoneChainSettings.None with { Codec = new LossyCodecSettings(LossyCodecFormat.Opus, 32) };
        Assert.Throws<InvalidOperationException>(() => MicrophoneChain.Apply(Sine(440, 0.3), Rate, chain));
    }

    [Fact]
    public void TheAugmentationEncodesOnlyWhenTheRecipeAsksAndKeepsItsHashOtherwise()
    {
        var step = new SoundEncoderStep { Microphone = 0.5, Timbre = 0.5, AugmentedCopies = 2 };
        Assert.Equal(AudioAugmentationOptions.Default with { MicrophoneProbability = 0.5, TimbreProbability = 0.5 }, step.AugmentationOptions());
        var recipe = new TrainingRecipe { SoundEncoder = step };
        Assert.Equal(recipe.StepId("sound_encoder", step), recipe.StepId("sound_encoder", step with { Codec = 0 }));
        Assert.NotEqual(recipe.StepId("sound_encoder", step), recipe.StepId("sound_encoder", step with { Codec = 0.5 }));
        Assert.DoesNotContain("codec", System.Text.Json.JsonSerializer.Serialize(step, TrainingRecipe.Json), StringComparison.OrdinalIgnoreCase);

        var coded = step with { Codec = 1 };
        Assert.Equal(1, coded.AugmentationOptions().Microphone.CodecProbability);
        var options = coded.AugmentationOptions() with { MicrophoneProbability = 1 };
        var fake = new FakeCodec();
        var x = Sine(440, 0.3);
        var plan = AudioAugmenter.Draw(Rate, new Random(12), options);
        Assert.NotNull(plan.Microphone!.Codec);
        // The same draw as without the codec, but for the codec itself.
        Assert.Equal(AudioAugmenter.Draw(Rate, new Random(12), options with { Microphone = MicrophoneChainRanges.Training }),
            plan with { Microphone = plan.Microphone with { Codec = null } });
        AudioAugmenter.Apply(x, Rate, plan, fake);
        Assert.Equal([plan.Microphone.Codec], fake.Calls);
        Assert.Throws<InvalidOperationException>(() => AudioAugmenter.Apply(x, Rate, plan));

        Assert.Throws<InvalidInputException>(() => (step with { Codec = 1.5 }).Validate());
        Assert.Throws<InvalidInputException>(() => (step with { Codec = 0.5, Microphone = 0 }).Validate());
        // Core runs no processes: a recipe that asks for the codec needs the runner to be given one.
        var e = Assert.Throws<InvalidInputException>(() => new RecipeRunner(recipe with { SoundEncoder = coded }, "/nonexistent", "/nonexistent").Run());
        Assert.Contains("ffmpeg", e.Message);
    }
}
