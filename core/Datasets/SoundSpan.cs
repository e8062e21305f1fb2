namespace CrossModal.Core.Datasets;

/// <summary>A stretch of a longer WAV file used as a pair's sound (category-paired datasets cut recordings).</summary>
public readonly record struct SoundSpan(long StartSample, int SampleCount);
