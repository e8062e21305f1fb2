using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;

namespace CrossModal.Core.Datasets;

/// <summary>Loads a pair's files through the validating decoders.</summary>
public static class PairedSampleLoading
{
    /// <summary>The pair's sound: the whole WAV, or its <see cref="PairedSample.SoundSpan"/>.</summary>
    public static AudioClip LoadSound(this PairedSample sample)
    {
        var clip = WavCodec.ReadFile(sample.SoundPath);
        if (sample.SoundSpan is not SoundSpan span) return clip;
        if (span.StartSample < 0 || span.StartSample + span.SampleCount > clip.Samples.Length)
            throw new InvalidInputException($"'{Path.GetFileName(sample.SoundPath)}': too short for the chunk at sample {span.StartSample}.");
        return new AudioClip(clip.Samples.AsSpan((int)span.StartSample, span.SampleCount).ToArray(), clip.SampleRate);
    }

    /// <summary>The pair's image, centre-cropped and resized, as CHW floats in [-1, 1].</summary>
    public static float[] LoadImageForModel(this PairedSample sample, int size = ImagePreprocessor.ModelImageSize) =>
        ImagePreprocessor.LoadFileForModel(sample.ImagePath, size);
}
