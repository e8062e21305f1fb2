using CrossModal.Core.Audio;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Generation;

/// <summary>
/// The sound-to-image pipeline, in steps that in-process generation (<see cref="SoundToImage"/>: the CLI, the evaluators)
/// and the generator service's batcher both run: a sound → its model chunk (the one place a sound is cut to its first
/// 0.5 s, <see cref="ChunkAudio"/>) → LMS in dB → the embedding of the encoder the generator was trained with; then one
/// forward pass over the requests of a batch, each request's embedding repeated <see cref="ImageRequest.Count"/> times
/// with the noise of its own seed, so that a request's images do not depend on what it was batched with. Inputs and
/// noise are made on the CPU (the noise from its seed, so it is the same on any device), computed on the generator's
/// device (<see cref="LoadedGenerator.Placement"/>) and read back from the CPU.
/// </summary>
public static class SoundToImagePipeline
{
    /// <summary>The model chunk's LMS in dB [128 x 44] of a decoded sound; refuses an empty or silent one. <paramref name="what"/> names it in messages.</summary>
    public static float[] Lms(AudioClip clip, string what)
    {
        if (clip.Samples.Length == 0) throw new InvalidInputException($"{what} has no samples.");
        var chunk = ChunkAudio.ToModelChunk(clip);
        ChunkAudio.RequireAudible(chunk, $"the first 0.5 s of {what}");
        return ChunkAudio.Lms(chunk);
    }

    /// <summary>The condition embedding of an LMS in dB [128 x 44] by the generator's own encoder.</summary>
    public static float[] Condition(LoadedGenerator g, float[] lmsDb) => Conditions(g, [lmsDb])[0];

    /// <summary>
    /// The condition embeddings of several LMS in dB [128 x 44] in one forward pass of the generator's own encoder (the
    /// service's batcher encodes the sounds of a batch's requests together; the encoder is in eval mode, so each
    /// embedding does not depend on the others).
    /// </summary>
    public static float[][] Conditions(LoadedGenerator g, IReadOnlyList<float[]> lmsDb)
    {
        const int size = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames;
        if (lmsDb.Count == 0) throw new ArgumentException("give at least one LMS", nameof(lmsDb));
        var all = new float[lmsDb.Count * size];
        for (var i = 0; i < lmsDb.Count; i++)
        {
            if (lmsDb[i].Length != size) throw new ArgumentException($"an LMS has {size} values ({AudioFrontEnd.MelBands} x {AudioFrontEnd.ChunkFrames}), got {lmsDb[i].Length}", nameof(lmsDb));
            lmsDb[i].CopyTo(all, i * size);
        }
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var lms = g.Placement.Input(tensor(all, [lmsDb.Count, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]));
        var embeddings = g.Placement.Output(g.Encoder.Embed(lms)).contiguous().data<float>().ToArray();
        var width = embeddings.Length / lmsDb.Count;
        return Enumerable.Range(0, lmsDb.Count).Select(i => embeddings.AsSpan(i * width, width).ToArray()).ToArray();
    }

    /// <summary>
    /// The condition embedding and what the sound classifier hears in one LMS in dB (its 13 probabilities), as live mode
    /// shows them: one forward pass when the generator is conditioned on that classifier itself (S2I-C and the default),
    /// whose embedding is the condition, else the generator's own encoder as well. On the generator's device.
    /// </summary>
    public static (float[] Embedding, double[] Heard) ConditionAndHeard(LoadedGenerator g, SoundClassifier classifier, float[] lmsDb)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var lms = g.Placement.Input(tensor(lmsDb, [1, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]));
        classifier.eval();
        var (embedding, logits) = classifier.EmbedAndClassify(SoundInput.ToUnit(lms));
        if (g.EncoderId != StoredModels.SoundEncoderId) embedding = g.Encoder.Embed(lms);
        var heard = g.Placement.Output(nn.functional.softmax(logits, 1)).to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return (g.Placement.Output(embedding).contiguous().data<float>().ToArray(), heard);
    }

    /// <summary>
    /// One forward pass for every request of a batch: the images as CHW pixels in [-1, 1], request after request,
    /// image after image (<see cref="GeneratedImages.EncodePng"/> makes their PNGs).
    /// </summary>
    public static float[] Generate(LoadedGenerator g, IReadOnlyList<ImageRequest> requests)
    {
        if (requests.Count == 0) throw new ArgumentException("a batch needs at least one request", nameof(requests));
        var size = g.Network.EmbeddingSize;
        var total = requests.Sum(r => r.Count);
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var conditions = new float[total * size];
        var row = 0;
        foreach (var r in requests)
        {
            if (r.Embedding.Length != size) throw new ArgumentException($"model '{g.Id}' takes {size}-d embeddings, a request has {r.Embedding.Length}", nameof(requests));
            for (var k = 0; k < r.Count; k++, row++)
                r.Embedding.CopyTo(conditions, row * size);
        }
        var noise = g.Placement.Input(cat(requests.Select(r => GenerationNoise.Draw(r.Count, g.Network.NoiseSize, r.Seed, GenerationNoise.SoundToImage)).ToList(), 0));
        var images = g.Network.call(g.Placement.Input(tensor(conditions, [total, size])), noise);
        return g.Placement.Output(images).contiguous().data<float>().ToArray();
    }
}
