using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

public class SpectralWhiteningTests
{
    const int Bands = 128, Frames = 5, Window = 9;

    /// <summary>A [1, 1, 128, 5] spectrogram whose every frame is <paramref name="band"/>(b).</summary>
    static Tensor Spectrum(Func<int, float> band)
    {
        var data = new float[Bands * Frames];
        for (var b = 0; b < Bands; b++)
            for (var t = 0; t < Frames; t++) data[b * Frames + t] = band(b);
        return tensor(data, [1, 1, Bands, Frames]);
    }

    static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void AFlatSpectrumBecomesZero()
    {
        using var scope = NewDisposeScope();
        Assert.All(Values(SpectralWhitening.Apply(Spectrum(_ => 0.4f), Window)), v => Assert.Equal(0f, v, 1e-6f));
    }

    [Fact]
    public void AnEqualiserTiltAddedToAHarmonicPatternChangesNothingAwayFromTheEnds()
    {
        using var scope = NewDisposeScope();
        // Peaks every 6 bands (harmonics) over a floor, then the same with a speaker's tilt of 0.01 per band added.
        static float Harmonics(int b) => b % 6 == 0 ? 0.8f : -0.5f;
        var plain = Values(SpectralWhitening.Apply(Spectrum(Harmonics), Window));
        var tilted = Values(SpectralWhitening.Apply(Spectrum(b => Harmonics(b) + 0.01f * b - 0.3f), Window));
        for (var b = Window / 2; b < Bands - Window / 2; b++)
            for (var t = 0; t < Frames; t++)
                Assert.Equal(plain[b * Frames + t], tilted[b * Frames + t], 1e-5f);
        // The harmonic structure itself is kept: a peak stands above its neighbours.
        Assert.True(plain[60 * Frames] > plain[63 * Frames] + 1f);
    }

    [Fact]
    public void APeakKeepsItsHeightLessItsShareOfTheWindow()
    {
        using var scope = NewDisposeScope();
        var v = Values(SpectralWhitening.Apply(Spectrum(b => b == 64 ? 1f : 0f), Window));
        Assert.Equal(1f - 1f / Window, v[64 * Frames], 1e-6f);
        Assert.Equal(-1f / Window, v[62 * Frames], 1e-6f);
        Assert.Equal(0f, v[40 * Frames], 1e-6f);
        // At the ends the average is over the bands that exist: a flat spectrum stays zero there too (AFlatSpectrumBecomesZero).
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(65)]
    public void AnEvenTinyOrHugeWindowIsRefusedByTheNetworkAndTheRecipe(int window)
    {
        Assert.Throws<InvalidInputException>(() => new SoundClassifierConfig { WhiteningBands = window }.Validate());
        Assert.Throws<InvalidInputException>(() => new SoundEncoderStep { Whitening = window }.Validate());
    }

    [Fact]
    public void AWhitenedClassifierKeepsItsWindowInTheStoreAndAPlainOneWritesNone()
    {
        Assert.DoesNotContain("whitening", ModelManifest.ToConfigNode(new SoundClassifierConfig()).ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var node = ModelManifest.ToConfigNode(new SoundClassifierConfig { WhiteningBands = 9 });
        Assert.Equal(9, System.Text.Json.JsonSerializer.Deserialize<SoundClassifierConfig>(node, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.WhiteningBands);
        // The front end is inside the network: a classifier with it answers differently from one without, same weights.
        using var scope = NewDisposeScope();
        TorchSharp.torch.manual_seed(3);
        var plain = new SoundClassifier(new SoundClassifierConfig());
        var whitened = new SoundClassifier(new SoundClassifierConfig { WhiteningBands = 9 });
        whitened.load_state_dict(plain.state_dict());
        plain.eval(); whitened.eval();
        using var input = randn(2, 1, 128, 44) * 0.3 + linspace(-1, 1, 128).reshape(1, 1, 128, 1);
        Assert.False(plain.call(input).allclose(whitened.call(input)));
    }
}
