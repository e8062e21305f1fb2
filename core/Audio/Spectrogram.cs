namespace CrossModal.Core.Audio;

/// <summary>
/// A time-frequency array, row-major [Bins, Frames]: <c>Data[bin * Frames + frame]</c>, bin 0 the lowest frequency
/// (or the 0th cepstral coefficient). This is also the layout of the .npy files the CLI reads and writes (C order,
/// shape [Bins, Frames]).
/// </summary>
public sealed record Spectrogram
{
    public float[] Data { get; }
    public int Bins { get; }
    public int Frames { get; }

    public Spectrogram(float[] data, int bins, int frames)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (bins < 1 || frames < 1) throw new ArgumentOutOfRangeException(nameof(bins), $"a spectrogram needs at least one bin and one frame (got {bins} x {frames}).");
        if ((long)bins * frames != data.Length) throw new ArgumentException($"data holds {data.Length} values, shape {bins} x {frames} needs {(long)bins * frames}.");
        Data = data;
        Bins = bins;
        Frames = frames;
    }

    public float this[int bin, int frame] => Data[bin * Frames + frame];

    public ReadOnlySpan<float> Row(int bin) => Data.AsSpan(bin * Frames, Frames);

    public float Max() => Data.Max();
}
