namespace CrossModal.Core.Audio;

/// <summary>A mono waveform in [-1, 1] with its sample rate.</summary>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}
