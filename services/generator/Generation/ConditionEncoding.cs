using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using CrossModal.Core.Pipelines;
using CrossModal.ServiceDefaults;
using static TorchSharp.torch;

namespace CrossModal.GeneratorService.Generation;

/// <summary>
/// A request's condition → the embedding a generator takes, made by the encoder the generator was trained with
/// (its manifest names it): a sound for S2I, an image for I2S.
/// </summary>
public sealed class ConditionEncoding(ServiceModels models)
{
    public float[] FromWav(ServedGenerator g, byte[] wav)
    {
        var clip = WavCodec.Read(wav);
        if (clip.Samples.Length == 0) throw new InvalidInputException("the WAV holds no samples.");
        var keep = (int)Math.Min(clip.Samples.Length, (long)Math.Ceiling(clip.SampleRate * 0.5) + 512);
        var chunk = ChunkAudio.ToModelChunk(clip with { Samples = clip.Samples[..keep] });
        ChunkAudio.RequireAudible(chunk, "the first 0.5 s of the sound");
        var lms = ChunkAudio.Lms(chunk);
        return Embed(g, lms, [1, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]);
    }

    public float[] FromImage(ServedGenerator g, byte[] image)
    {
        const int size = ImagePreprocessor.ModelImageSize;
        return Embed(g, ImagePreprocessor.LoadForModel(image), [1, 3, size, size]);
    }

    float[] Embed(ServedGenerator g, float[] input, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var embedding = g.Encoder.Embed(tensor(input, shape).to(models.Device));
        return embedding.cpu().contiguous().data<float>().ToArray();
    }
}
