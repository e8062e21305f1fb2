using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Generation;
using CrossModal.Domain;
using CrossModal.ModelServing;
using static TorchSharp.torch;

namespace CrossModal.GeneratorService.Generation;

/// <summary>
/// A sound → the embedding a S2I generator takes, made (as core's <see cref="SoundToImage"/> does) by the encoder the
/// generator was trained with: first 0.5 s → model chunk → audible check → LMS in dB → the manifest's encoder.
/// Done on the request's own thread, so the batcher's worker only runs forward passes.
/// </summary>
public static class ConditionEncoding
{
    public static float[] FromWav(LoadedGenerator g, byte[] wav)
    {
        var chunk = ChunkAudio.ToModelChunk(SoundUpload.FirstHalfSecond(wav));
        ChunkAudio.RequireAudible(chunk, "the first 0.5 s of the sound");
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var lms = tensor(ChunkAudio.Lms(chunk), [1, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]);
        return g.Encoder.Embed(lms).cpu().contiguous().data<float>().ToArray();
    }
}
