namespace CrossModal.Core.Generation;

/// <summary>
/// One request of a sound-to-image batch: the condition embedding (made by the generator's own encoder,
/// <see cref="SoundToImagePipeline.Condition(LoadedGenerator, float[])"/>), how many images, and the seed of its noise.
/// </summary>
public sealed record ImageRequest(float[] Embedding, int Count, long Seed);
