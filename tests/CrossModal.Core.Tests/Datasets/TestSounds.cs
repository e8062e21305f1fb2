using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Datasets;

public static class TestSounds
{
    /// <summary>A sine of the given length; amplitude 0 gives digital silence.</summary>
    public static float[] Sine(double seconds, double frequency = 440, double amplitude = 0.5, int rate = 44_100)
    {
        var s = new float[(int)Math.Round(seconds * rate)];
        for (int i = 0; i < s.Length; i++) s[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        return s;
    }

    public static void WriteWav(string path, float[] samples, int rate = 44_100)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var fs = File.Create(path);
        WavCodec.Write16(fs, samples, rate);
    }

    public static void WriteChunk(string path, double amplitude = 0.5) => WriteWav(path, Sine(0.5, amplitude: amplitude));
}
