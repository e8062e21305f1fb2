using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Reliability.Tests.Faults;

/// <summary>
/// Bug found by <see cref="Cli.CliCorpusTests"/>: the models use a sound's first 0.5 s, but core resampled the whole
/// sound first, so `generate s2i` on a 10-minute WAV at 8 kHz took 15 s. Cutting before resampling must give the
/// very same chunk as resampling the whole sound.
/// </summary>
public sealed class LongSoundChunkTests
{
    [Theory]
    [InlineData(8_000)]
    [InlineData(48_000)]
    [InlineData(96_000)]
    public void TheChunkOfALongSoundIsTheFirstHalfSecondOfItsWholeResampling(int rate)
    {
        var samples = new float[rate * 3];
        var rng = new Random(rate);
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.4 * Math.Sin(2 * Math.PI * 440 * i / rate) + 0.1 * (rng.NextDouble() - 0.5));
        var whole = Resampler.Resample(samples, rate, AudioFrontEnd.SampleRate)[..AudioFrontEnd.ChunkSamples];
        Assert.Equal(whole, ChunkAudio.ToModelChunk(new AudioClip(samples, rate)));
    }

    [Fact]
    public void AShortSoundIsZeroPadded()
    {
        var chunk = ChunkAudio.ToModelChunk(new AudioClip(Enumerable.Repeat(0.5f, 100).ToArray(), AudioFrontEnd.SampleRate));
        Assert.Equal(AudioFrontEnd.ChunkSamples, chunk.Length);
        Assert.Equal(0.5f, chunk[99]);
        Assert.Equal(0f, chunk[100]);
    }
}
