using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Generation;

/// <summary>
/// Sound-to-image generation (S2I): a sound → its 0.5 s model chunk → LMS → the embedding of the encoder the GAN
/// was trained with (sound classifier for S2I-C/N and pose models, autoencoder for S2I-A) → generator with seeded
/// noise → images, through <see cref="SoundToImagePipeline"/> (which the generator service's batcher runs too).
/// One instance per <see cref="ModelSet"/>; thread-safe.
/// </summary>
public sealed class SoundToImage(ModelSet models)
{
    public const int MaxCount = 64;
    public static IReadOnlyList<string> Variants { get; } = [.. S2IVariant.All, "pose"];

    /// <summary>
    /// The model id of a variant: s2i-c, s2i-n, s2i-a, or pose-&lt;instrument&gt; (one pose model per instrument); with
    /// <paramref name="arm"/>, an ablation arm's model of an S2I variant, s2i-&lt;variant&gt;-&lt;arm&gt;.
    /// </summary>
    public static string ModelId(string variant, string? instrument = null, string? arm = null)
    {
        var v = (variant ?? "").Trim().ToLowerInvariant();
        if (v == "pose")
        {
            if (arm is not null) throw new InvalidInputException("ablation arms are models of an S2I variant (c, n or a), not of a pose model.");
            if (string.IsNullOrWhiteSpace(instrument))
                throw new InvalidInputException("the pose variant has one model per instrument: name the instrument.");
            var i = Instruments.IndexOf(instrument);
            if (i < 0) throw new InvalidInputException($"'{instrument}' is not an instrument ({string.Join(", ", Instruments.All)}).");
            return StoredModels.PoseId(Instruments.All[i]);
        }
        if (!S2IVariant.IsKnown(v)) throw new InvalidInputException($"S2I variant must be c, n, a or pose, got '{variant}'.");
        if (arm is not null && !StoredModels.IsArmName(arm))
            throw new InvalidInputException($"'{arm}' is not an arm name: 1-40 characters of a-z, 0-9 and '-'.");
        return StoredModels.S2IId(v, arm);
    }

    /// <summary>
    /// The model a caller named by variant (<see cref="ModelId"/>), or null when no variant is given: the caller then
    /// takes the product's default (<see cref="S2IModelIds.DefaultIn"/>), or lets the service choose it.
    /// </summary>
    public static string? NamedModelId(string? variant, string? instrument) =>
        string.IsNullOrWhiteSpace(variant) ? null : ModelId(variant, instrument);

    public GeneratedImages FromWavFile(string path, string modelId, int count, long seed)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"'{path}': file not found.");
        return FromClip(WavCodec.ReadFile(path), $"'{path}'", modelId, count, seed);
    }

    public GeneratedImages FromWav(byte[] wav, string modelId, int count, long seed) =>
        FromClip(WavCodec.Read(wav), "the sound", modelId, count, seed);

    GeneratedImages FromClip(AudioClip clip, string what, string modelId, int count, long seed) =>
        FromLms(SoundToImagePipeline.Lms(clip, what), modelId, count, seed);

    /// <summary>From an LMS in dB, [128 x 44] row-major.</summary>
    public GeneratedImages FromLms(float[] lmsDb, string modelId, int count, long seed)
    {
        CheckCount(count);
        if (lmsDb.Length != AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames)
            throw new InvalidInputException($"an LMS chunk has {AudioFrontEnd.MelBands}x{AudioFrontEnd.ChunkFrames} values, got {lmsDb.Length}.");
        if (lmsDb.Any(v => !float.IsFinite(v))) throw new InvalidInputException("the LMS contains NaN or infinite values.");
        var g = ImageGenerator(modelId);
        return Generate(g, new ImageRequest(SoundToImagePipeline.Condition(g, lmsDb), count, seed));
    }

    /// <summary>From a condition embedding given directly (it must come from the model's own encoder).</summary>
    public GeneratedImages FromEmbedding(float[] embedding, string modelId, int count, long seed)
    {
        CheckCount(count);
        var g = ImageGenerator(modelId);
        g.RequireEmbedding(embedding);
        return Generate(g, new ImageRequest(embedding, count, seed));
    }

    static GeneratedImages Generate(LoadedGenerator g, ImageRequest request)
    {
        var pixels = SoundToImagePipeline.Generate(g, [request]);
        return new GeneratedImages(pixels, request.Count, GeneratedImages.EncodePng(pixels, request.Count));
    }

    /// <summary>
    /// Batch generation for evaluators: LMS in dB [N, 1, 128, 44] → [N * perSound, 3, 64, 64] (images of sound i at
    /// rows i*perSound ..), on the model set's device. Call under inference mode and a dispose scope.
    /// </summary>
    public Tensor Generate(Tensor lmsDb, string modelId, long seed, int perSound = 1)
    {
        var g = ImageGenerator(modelId);
        var conditions = g.Encoder.Embed(g.Placement.Input(lmsDb));
        if (perSound > 1) conditions = conditions.repeat_interleave(perSound, 0);
        using var drawn = GenerationNoise.Draw(conditions.shape[0], g.Network.NoiseSize, seed, GenerationNoise.SoundToImage);
        var z = g.Placement.Input(drawn);
        return g.Network.call(conditions, z);
    }

    /// <summary>
    /// Batch generation with one seed per sound: LMS in dB [N, 1, 128, 44] → [N, 3, 64, 64], image i exactly the one
    /// <see cref="FromLms"/> (or the generator service) returns for sound i with count 1 and seed <paramref name="seeds"/>[i];
    /// on the model set's device. Call under inference mode and a dispose scope.
    /// </summary>
    public Tensor GenerateEach(Tensor lmsDb, string modelId, IReadOnlyList<long> seeds)
    {
        var g = ImageGenerator(modelId);
        if (seeds.Count != lmsDb.shape[0]) throw new ArgumentException($"{lmsDb.shape[0]} sounds need as many seeds, got {seeds.Count}", nameof(seeds));
        var conditions = g.Encoder.Embed(g.Placement.Input(lmsDb));
        using var drawn = GenerationNoise.DrawEach(seeds, g.Network.NoiseSize, GenerationNoise.SoundToImage);
        var z = g.Placement.Input(drawn);
        return g.Network.call(conditions, z);
    }

    /// <summary>The model's generator, refused unless it makes images (an I2S model makes spectrograms).</summary>
    LoadedGenerator ImageGenerator(string modelId)
    {
        var g = models.Generator(modelId);
        if (g.Network.SampleShape.Length != 3 || g.Network.SampleShape[0] != 3)
            throw new InvalidInputException($"model '{modelId}' is not a sound-to-image generator.");
        return g;
    }

    static void CheckCount(int count)
    {
        if (count is < 1 or > MaxCount) throw new InvalidInputException($"image count must be 1 to {MaxCount}, got {count}.");
    }
}
