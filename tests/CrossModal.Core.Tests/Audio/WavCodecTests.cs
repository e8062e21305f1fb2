using System.Buffers.Binary;
using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Audio;

/// <summary>WavCodec on every supported encoding (fixtures written byte by byte here, and by sox) and on bad input.</summary>
public class WavCodecTests
{
    /// <summary>A RIFF/WAVE file: 'fmt ' (16 bytes, or 40 for WAVE_FORMAT_EXTENSIBLE) then 'data'.</summary>
    static byte[] Wav(ushort format, int channels, int rate, int bits, byte[] payload, bool extensible = false, uint? dataSizeField = null)
    {
        int fmtSize = extensible ? 40 : 16;
        var b = new byte[12 + 8 + fmtSize + 8 + payload.Length];
        var s = b.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], b.Length - 8);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], extensible ? (ushort)0xFFFE : format);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[36..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(s[38..], (ushort)bits);
            BinaryPrimitives.WriteUInt16LittleEndian(s[44..], format); // subformat GUID starts with the format tag
        }
        int d = 20 + fmtSize;
        "data"u8.CopyTo(s[d..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(d + 4)..], dataSizeField ?? (uint)payload.Length);
        payload.CopyTo(s[(d + 8)..]);
        return b;
    }

    static readonly double[] Values = [0.0, 0.5, -0.5, 0.25, -1.0];

    static byte[] Encode(int bits, bool isFloat, double[] values)
    {
        var p = new byte[values.Length * bits / 8];
        for (int i = 0; i < values.Length; i++)
        {
            var s = p.AsSpan(i * bits / 8);
            double v = values[i];
            switch (isFloat, bits)
            {
                case (true, 32): BinaryPrimitives.WriteSingleLittleEndian(s, (float)v); break;
                case (true, 64): BinaryPrimitives.WriteDoubleLittleEndian(s, v); break;
                case (false, 8): s[0] = (byte)(128 + Math.Round(v * 128) - (v >= 1 ? 1 : 0)); break;
                case (false, 16): BinaryPrimitives.WriteInt16LittleEndian(s, (short)Math.Round(v * 32768)); break;
                case (false, 24):
                    int q = (int)Math.Round(v * 8388608);
                    s[0] = (byte)q; s[1] = (byte)(q >> 8); s[2] = (byte)(q >> 16);
                    break;
                default: BinaryPrimitives.WriteInt32LittleEndian(s, (int)Math.Round(v * 2147483648.0)); break;
            }
        }
        return p;
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(16, false)]
    [InlineData(24, false)]
    [InlineData(32, false)]
    [InlineData(32, true)]
    [InlineData(64, true)]
    public void ReadsEachEncodingExactly(int bits, bool isFloat)
    {
        foreach (var extensible in new[] { false, true })
        {
            var clip = WavCodec.Read(Wav(isFloat ? (ushort)3 : (ushort)1, 1, 22050, bits, Encode(bits, isFloat, Values), extensible));
            Assert.Equal(22050, clip.SampleRate);
            Assert.Equal(Values.Length, clip.Samples.Length);
            for (int i = 0; i < Values.Length; i++) Assert.Equal(Values[i], clip.Samples[i], 1e-6);
        }
    }

    [Fact]
    public void MixesChannelsToMonoByAveraging()
    {
        // interleaved L/R frames: (0.5, -0.5), (0.5, 0.25), (-1, 0)
        var clip = WavCodec.Read(Wav(1, 2, 44100, 16, Encode(16, false, [0.5, -0.5, 0.5, 0.25, -1.0, 0.0])));
        Assert.Equal([0f, 0.375f, -0.5f], clip.Samples);
    }

    [Theory]
    [InlineData("-b 8 -e unsigned-integer", 48000, 1)]
    [InlineData("-b 16 -e signed-integer", 22050, 2)]
    [InlineData("-b 24 -e signed-integer", 44100, 1)]
    [InlineData("-b 32 -e signed-integer", 96000, 2)]
    [InlineData("-b 32 -e floating-point", 44100, 3)]
    [InlineData("-b 64 -e floating-point", 16000, 1)]
    public void ReadsFilesWrittenBySox(string encoding, int rate, int channels)
    {
        using var dir = new TempDir();
        var path = dir.File("sox.wav");
        var args = new List<string> { "-n", "-r", rate.ToString(), "-c", channels.ToString() };
        args.AddRange(encoding.Split(' '));
        args.AddRange([path, "synth", "0.1", "sine", "1000", "vol", "0.5"]);
        AudioTestSignals.RunTool("sox", args.ToArray());
        var clip = WavCodec.ReadFile(path);
        Assert.Equal(rate, clip.SampleRate);
        Assert.Equal(rate / 10, clip.Samples.Length);
        // A 0.5-amplitude sine in every channel: RMS 0.5/√2 (8-bit quantisation allows a little more error).
        Assert.Equal(20 * Math.Log10(0.5 / Math.Sqrt(2)), Loudness.RmsDbfs(clip.Samples), 0.1);
    }

    [Fact]
    public void WritesSixteenBitThatReadsBack()
    {
        using var dir = new TempDir();
        var path = dir.File("out.wav");
        float[] y = [0f, 0.5f, -0.5f, 1.5f, float.NaN];
        WavCodec.WriteFile16(path, y, 44100);
        var clip = WavCodec.ReadFile(path);
        Assert.Equal(44100, clip.SampleRate);
        Assert.Equal([0f, 16384f / 32768, -16384f / 32768, 32767f / 32768, 0f], clip.Samples.Select(v => MathF.Round(v * 32768) / 32768).ToArray());
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        var good = Encode(16, false, Values);
        var full = Wav(1, 1, 44100, 16, good);
        var hugeData = Wav(1, 1, 44100, 16, good, dataSizeField: 0x7FFFFFF0);
        var hugeFmt = (byte[])full.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(hugeFmt.AsSpan(16), 0x7FFFFFF0);
        var nanFloat = Wav(3, 1, 44100, 32, Encode(32, true, [0.1, double.NaN, 0.2]));
        var noData = full[..36];
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' };
        return new TheoryData<string, byte[], string>
        {
            { "empty", [], "empty" },
            { "text", "hello, this is not a sound"u8.ToArray(), "not a WAV" },
            { "png", png, "not a WAV" },
            { "riff but not wave", [.. "RIFF"u8.ToArray(), 4, 0, 0, 0, .. "AVI "u8.ToArray()], "not a WAV" },
            { "truncated data", full[..(full.Length - 3)], "truncated" },
            { "huge data size", hugeData, "truncated" },
            { "huge fmt size", hugeFmt, "'fmt ' chunk claims" },
            { "zero-length data", Wav(1, 1, 44100, 16, [], dataSizeField: 0), "no audio samples" },
            { "no data chunk", noData, "no 'data' chunk" },
            { "unsupported format tag", Wav(2, 1, 44100, 16, good), "format tag 2" },
            { "12-bit pcm", Wav(1, 1, 44100, 12, good), "12-bit" },
            { "zero channels", Wav(1, 0, 44100, 16, good), "channel count 0" },
            { "absurd rate", Wav(1, 1, 7, 16, good), "sample rate 7" },
            { "nan samples", nanFloat, "NaN" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void RefusesBadInputWithAClearMessage(string what, byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => WavCodec.Read(bytes));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        _ = what;
    }

    [Fact]
    public void ReadFileNamesTheFile()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<InvalidInputException>(() => WavCodec.ReadFile(dir.File("missing.wav")));
        Assert.Contains("not found", e.Message);
        var text = dir.File("notes.wav");
        File.WriteAllText(text, "just text");
        e = Assert.Throws<InvalidInputException>(() => WavCodec.ReadFile(text));
        Assert.Contains("notes.wav", e.Message);
    }
}
