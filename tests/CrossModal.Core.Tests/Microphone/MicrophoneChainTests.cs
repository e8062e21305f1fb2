using CrossModal.Core.Audio.Augmentation;
using CrossModal.Core.Audio.Microphone;
using CrossModal.Core.Evaluation;
using static CrossModal.Core.Tests.Augmentation.SignalMeasures;

namespace CrossModal.Core.Tests.Microphone;

/// <summary>The simulated microphone chain and its stages, on hand-made inputs whose right answer is known.</summary>
public class MicrophoneChainTests
{
    private static float[] Delta(int n = ChunkLength)
    {
        var x = new float[n];
        x[0] = 1;
        return x;
    }

    private static readonly RoomSettings Room = new(0.4, [new Reflection(0.005, 0.5), new Reflection(0.011, -0.3)], 3, Seed: 21);

    [Fact]
    public void ADeltaThroughTheRoomGivesTheDirectSoundTheReflectionsAndTheDecayAsked()
    {
        var y = Delta();
        RoomImpulseResponse.Apply(y, Rate, Room);
        Assert.Equal(1, y[0], 4);
        Assert.Equal(0.5, y[(int)Math.Round(0.005 * Rate)], 4);
        Assert.Equal(-0.3, y[(int)Math.Round(0.011 * Rate)], 4);
        // Nothing else before the mixing time (1 ms after the last reflection).
        var mixing = (int)Math.Round(0.012 * Rate);
        for (var i = 1; i < mixing; i++)
            if (i != (int)Math.Round(0.005 * Rate) && i != (int)Math.Round(0.011 * Rate)) Assert.Equal(0, y[i], 6);

        // The late tail falls 60 dB per RT60: over 0.1 → 0.3 s after the mixing time, 30 dB at RT60 0.4 s. The part
        // above 2 kHz decays twice as fast, so late on the low band dominates and the slope approaches 60/RT60.
        double Window(double t) => Power(y, mixing + (int)(t * Rate), mixing + (int)((t + 0.02) * Rate));
        var fall = Db(Window(0.1) / Window(0.3));
        Assert.InRange(fall, 26, 36);

        // The tail carries 1/10^(DRR/10) of the direct-plus-early energy (all of it fits in the chunk: 0.412 s < 0.5 s).
        double early = 1 + 0.25 + 0.09, tail = 0;
        for (var i = mixing; i < y.Length; i++) tail += (double)y[i] * y[i];
        Assert.Equal(-3, Db(tail / early), 1);
    }

    [Fact]
    public void ALongerRoomRingsLonger()
    {
        var shortRoom = Delta();
        var longRoom = Delta();
        RoomImpulseResponse.Apply(shortRoom, Rate, Room with { Rt60Seconds = 0.2 });
        RoomImpulseResponse.Apply(longRoom, Rate, Room with { Rt60Seconds = 0.8 });
        var from = (int)(0.25 * Rate);
        Assert.True(Power(longRoom, from) > 100 * Power(shortRoom, from));
    }

    [Fact]
    public void TheBandLimitRemovesA15KilohertzToneAndKeepsOneKilohertz()
    {
        var high = Sine(15_000, 0.5);
        var mid = Sine(1_000, 0.5);
        var low = Sine(40, 0.5);
        foreach (var x in new[] { high, mid, low }) BandLimit.Apply(x, Rate, 100, 8000);
        var settle = 4096; // skip the filters' start-up
        var reference = Power(Sine(1_000, 0.5), settle);
        Assert.True(Db(Power(high, settle) / reference) < -60, $"15 kHz only {Db(Power(high, settle) / reference):F1} dB down");
        Assert.InRange(Db(Power(mid, settle) / reference), -0.5, 0.5);
        Assert.True(Db(Power(low, settle) / reference) < -30, "40 Hz passes");
    }

    [Fact]
    public void TheSpeakerRemovesBassAndLiftsPresence()
    {
        var speaker = new SpeakerSettings(400, 0.707, 3000, 6, 1.0);
        var chain = MicrophoneChainSettings.None with { Speaker = speaker };
        var bass = MicrophoneChain.Apply(Sine(60, 0.3), Rate, chain);
        var presence = MicrophoneChain.Apply(Sine(3000, 0.3), Rate, chain);
        var settle = 4096;
        var reference = Power(Sine(60, 0.3), settle);
        Assert.True(Db(Power(bass, settle) / reference) < -25);
        Assert.InRange(Db(Power(presence, settle) / reference), 5, 7); // +6 dB peak, the high-pass a few tenths off at 3 kHz
    }

    [Fact]
    public void ClippingCapsThePeakAndALevelBelowFullScaleDoesNotClip()
    {
        var loud = MicrophoneChain.Apply(Sine(440, 0.5), Rate, MicrophoneChainSettings.None with { PeakDbfs = 6 });
        Assert.Equal(1f, loud.Max());
        Assert.Equal(-1f, loud.Min());
        Assert.True(loud.Count(v => Math.Abs(v) == 1f) > ChunkLength / 5, "a sine driven 6 dB over full scale spends two thirds of its time clipped");

        var quiet = MicrophoneChain.Apply(Sine(440, 0.5), Rate, MicrophoneChainSettings.None with { PeakDbfs = -12 });
        Assert.Equal(Math.Pow(10, -12 / 20.0), quiet.Max(v => Math.Abs(v)), 3);
        Assert.DoesNotContain(quiet, v => Math.Abs(v) >= 0.9f);
    }

    [Fact]
    public void NoiseArrivesAtTheRequestedSignalToNoiseRatio()
    {
        var x = Sine(440, 0.3);
        var y = MicrophoneChain.Apply(x, Rate, MicrophoneChainSettings.None with { Noise = new NoiseSettings(15, NoiseColour.Pink, 4) });
        var noise = new float[x.Length];
        for (var i = 0; i < x.Length; i++) noise[i] = y[i] - x[i];
        Assert.Equal(15, Db(Power(x) / Power(noise)), 0.5);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRecordingAndAnotherSeedAnother()
    {
        var x = WhiteNoise(3, 0.2);
        float[] Record(int seed) => MicrophoneChain.Apply(x, Rate, MicrophoneChain.Draw(Rate, new Random(seed), MicrophoneChainRanges.Evaluation));
        Assert.Equal(MicrophoneChain.Draw(Rate, new Random(8), MicrophoneChainRanges.Evaluation), MicrophoneChain.Draw(Rate, new Random(8), MicrophoneChainRanges.Evaluation));
        Assert.Equal(Record(8), Record(8));
        Assert.NotEqual(Record(8), Record(9));
        Assert.Equal(WhiteNoise(3, 0.2), x); // the input is untouched

        var microphone = new SimulatedMicrophone(7);
        Assert.Equal(microphone.Record(x, "cello01_500"), microphone.Record(x, "cello01_500"));
        Assert.NotEqual(microphone.Record(x, "cello01_500"), microphone.Record(x, "cello01_1000"));
    }

    [Fact]
    public void TheEvaluationChainRunsEveryStageAndTheDrawTakesAFixedNumberOfValues()
    {
        var rng = new Random(2);
        for (var i = 0; i < 20; i++)
        {
            var chain = MicrophoneChain.Draw(Rate, rng, MicrophoneChainRanges.Evaluation);
            Assert.NotNull(chain.Speaker); Assert.NotNull(chain.Room); Assert.NotNull(chain.Microphone);
            Assert.NotNull(chain.Noise); Assert.NotNull(chain.BandLimit); Assert.NotNull(chain.PeakDbfs);
            Assert.InRange(chain.Noise!.SnrDb, 10, 30);
            Assert.InRange(chain.Room!.EarlyReflections.Count, 3, 6);
        }
        var all = new Random(4);
        var none = new Random(4);
        MicrophoneChain.Draw(Rate, all, MicrophoneChainRanges.Evaluation);
        var skipped = MicrophoneChain.Draw(Rate, none, MicrophoneChainRanges.Evaluation with { RoomProbability = 0, NoiseProbability = 0 });
        Assert.Null(skipped.Room);
        Assert.Equal(all.Next(), none.Next());
    }

    [Fact]
    public void ARecordingIsFiniteWithinFullScaleAndSilenceStaysSilent()
    {
        var rng = new Random(6);
        for (var i = 0; i < 10; i++)
        {
            var y = MicrophoneChain.Apply(Sine(220, 0.99), Rate, MicrophoneChain.Draw(Rate, rng, MicrophoneChainRanges.Evaluation));
            Assert.All(y, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1));
        }
        var silence = MicrophoneChain.Apply(new float[ChunkLength], Rate, MicrophoneChain.Draw(Rate, new Random(1), MicrophoneChainRanges.Evaluation));
        Assert.All(silence, v => Assert.Equal(0f, v));
        Assert.Throws<InvalidInputException>(() => MicrophoneChain.Apply([float.NaN], Rate, MicrophoneChainSettings.None));
        Assert.Throws<InvalidInputException>(() => MicrophoneChain.Draw(Rate, new Random(1), MicrophoneChainRanges.Evaluation with { MinSnrDb = 30, MaxSnrDb = 10 }));
    }

    [Fact]
    public void TheAugmenterRecordsThroughTheMicrophoneOnlyWhenAskedAndKeepsItsOtherDraws()
    {
        var withMic = new AudioAugmentationOptions { MicrophoneProbability = 1 };
        var a = AudioAugmenter.Draw(Rate, new Random(12), withMic);
        var b = AudioAugmenter.Draw(Rate, new Random(12), AudioAugmentationOptions.Default);
        Assert.NotNull(a.Microphone);
        Assert.Null(b.Microphone);
        Assert.Equal(a with { Microphone = null }, b); // the 21 earlier draws are the ones plans always had
        var x = Sine(440, 0.3);
        Assert.NotEqual(AudioAugmenter.Apply(x, Rate, b), AudioAugmenter.Apply(x, Rate, a));
        Assert.Equal(AudioAugmenter.Apply(x, Rate, a), AudioAugmenter.Apply(x, Rate, a));
    }
}
