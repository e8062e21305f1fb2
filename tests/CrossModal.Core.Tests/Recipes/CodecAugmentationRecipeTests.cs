using CrossModal.Core.Audio.Microphone;
using CrossModal.Core.Datasets;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.DatasetTools.Codecs;

namespace CrossModal.Core.Tests.Recipes;

/// <summary>The sound encoder's codec augmentation: ffmpeg runs once per coded copy, once per run.</summary>
public class CodecAugmentationRecipeTests(TinyDatasetFixture fixture) : IClassFixture<TinyDatasetFixture>
{
    /// <summary>ffmpeg's codec, counting what it is asked to encode.</summary>
    sealed class Counting : ILossyCodec
    {
        readonly FfmpegLossyCodec ffmpeg = new();
        public List<LossyCodecSettings> Calls { get; } = [];

        public float[] RoundTrip(ReadOnlySpan<float> samples, int sampleRate, LossyCodecSettings codec, CancellationToken cancel = default)
        {
            lock (Calls) Calls.Add(codec);
            return ffmpeg.RoundTrip(samples, sampleRate, codec, cancel);
        }
    }

    [Fact]
    public void EveryCopyTheRecipeCodesGoesThroughFfmpegOnce()
    {
        var models = fixture.NewModelFolder();
        var recipe = new TrainingRecipe
        {
            Name = "codec", Dataset = fixture.Dataset, Output = models, Threads = 2, Seed = 4,
            SoundEncoder = new SoundEncoderStep { Epochs = 2, BatchSize = 8, AugmentedCopies = 1, Microphone = 1, Codec = 1 },
        };
        var codec = new Counting();
        new RecipeRunner(recipe, fixture.Dataset, models) { LossyCodec = codec }.Run();

        using var train = DatasetTensors.Load(fixture.Dataset, new DatasetLoadOptions { Split = DatasetSplit.Train, Seed = recipe.Seed });
        // Microphone 1 and codec 1: every augmented copy is coded, once for the run (not once per epoch).
        Assert.Equal(train.Data.Count, codec.Calls.Count);
        Assert.All(codec.Calls, c => Assert.True(c.Format == LossyCodecFormat.Opus ? c.BitrateKbps is >= 16 and <= 64 : c.BitrateKbps is >= 32 and <= 128));
        Assert.Equal(recipe.StepId(StoredModels.SoundEncoderId, recipe.SoundEncoder!), ModelStore.Verify(Path.Combine(models, StoredModels.SoundEncoderId)).Recipe);
    }
}
