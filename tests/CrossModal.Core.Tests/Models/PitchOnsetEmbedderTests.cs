using CrossModal.Core.Models;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

public class PitchOnsetEmbedderTests
{
    const int Bands = AudioFrontEnd.MelBands, Frames = AudioFrontEnd.ChunkFrames;

    /// <summary>Stands in for the sound encoder: three ones per chunk, whatever it hears.</summary>
    sealed class Constant : IEmbedder
    {
        public int EmbeddingSize => 3;
        public Tensor Embed(Tensor x) => ones(x.shape[0], 3);
    }

    /// <summary>A [1, 1, 128, 44] LMS in dB with value(band, frame).</summary>
    static Tensor Lms(Func<int, int, float> value)
    {
        var data = new float[Bands * Frames];
        for (var b = 0; b < Bands; b++)
            for (var t = 0; t < Frames; t++) data[b * Frames + t] = value(b, t);
        return tensor(data, [1, 1, Bands, Frames]);
    }

    static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void TheConditionIsTheEncodersEmbeddingFollowedByPitchAndOnsets()
    {
        using var scope = NewDisposeScope();
        using var embedder = new PitchOnsetEmbedder(new Constant());
        Assert.Equal(3 + Bands + Frames + Frames - 1, embedder.EmbeddingSize);
        var lms = cat([Lms((b, _) => b == 20 ? -10f : -60f), Lms((b, _) => b == 40 ? -10f : -60f)], 0);
        var condition = embedder.Embed(lms);
        Assert.Equal([2L, embedder.EmbeddingSize], condition.shape);
        Assert.True(condition.narrow(1, 0, 3).eq(1).all().item<bool>());
        Assert.True(condition.narrow(1, 3, PitchOnsetEmbedder.FeatureSize).allclose(PitchOnsetEmbedder.Features(lms)));
    }

    [Fact]
    public void ThePitchProfileFollowsTheHarmonicsAndIgnoresTheLevel()
    {
        using var scope = NewDisposeScope();
        static float Note(int b, int fundamental) => b % fundamental == 0 ? -20f : -70f;
        var low = Values(PitchOnsetEmbedder.Features(Lms((b, _) => Note(b, 12))));
        var louder = Values(PitchOnsetEmbedder.Features(Lms((b, _) => Note(b, 12) + 15f)));
        var high = Values(PitchOnsetEmbedder.Features(Lms((b, _) => Note(b, 17))));
        for (var b = 0; b < Bands; b++) Assert.Equal(low[b], louder[b], 1e-4f);
        Assert.True(low[24] > low[25] + 1f && high[34] > high[24] + 1f, "the profile's peaks sit on each note's harmonics");
    }

    [Fact]
    public void AnOnsetShowsAsARiseAtItsFrameAndTheEnvelopeBeforeIt()
    {
        using var scope = NewDisposeScope();
        var v = Values(PitchOnsetEmbedder.Features(Lms((_, t) => t < 20 ? -60f : -10f)));
        var envelope = v.AsSpan(Bands, Frames).ToArray();
        var rises = v.AsSpan(Bands + Frames, Frames - 1).ToArray();
        // 50 dB is 50/70 of a unit on the product's LMS scale, times 10: the envelope clips at −3 before the onset.
        Assert.All(envelope[..20], e => Assert.Equal(-3f, e, 1e-5f));
        Assert.All(envelope[20..], e => Assert.Equal(0f, e, 1e-5f));
        Assert.Equal(50f / 70f * 10f, rises[19], 1e-4f);
        Assert.Equal(0f, rises.Where((_, i) => i != 19).Max(), 1e-6f);
    }

    [Fact]
    public void AnLmsOfAnotherShapeIsRefused()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<InvalidInputException>(() => PitchOnsetEmbedder.Features(zeros(1, 1, Bands, 34)));
    }
}
