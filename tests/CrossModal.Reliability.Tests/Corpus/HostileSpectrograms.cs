using System.Buffers.Binary;
using System.Text;
using CrossModal.Core.Audio;
using ProtoSpectrogram = CrossModal.Protos.V1.Spectrogram;

namespace CrossModal.Reliability.Tests.Corpus;

/// <summary>Spectrograms no entry point may turn into sound, pictures or predictions: NaN/Inf, lying shapes, corrupt .npy files.</summary>
public static class HostileSpectrograms
{
    public sealed record Message(string Name, ProtoSpectrogram Value, string Expect)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// Spectrogram messages refused by both RenderAudio (2..2600 frames) and ClassifySpectrograms (34 or 44 frames).
    /// </summary>
    public static IReadOnlyList<Message> Messages() =>
    [
        new("NaN value", Lms(44, (5 * 44 + 3, float.NaN)), "NaN or infinite value at bin 5, frame 3"),
        new("+Inf value", Lms(44, (0, float.PositiveInfinity)), "NaN or infinite value at bin 0, frame 0"),
        new("-Inf value", Lms(44, (128 * 44 - 1, float.NegativeInfinity)), "NaN or infinite value at bin 127, frame 43"),
        new("all NaN", new ProtoSpectrogram { Bins = 128, Frames = 44, Values = { Enumerable.Repeat(float.NaN, 128 * 44) } }, "NaN or infinite"),
        new("64 bins", new ProtoSpectrogram { Bins = 64, Frames = 44, Values = { new float[64 * 44] } }, "128 mel bins"),
        new("negative bins", new ProtoSpectrogram { Bins = -128, Frames = 44 }, "128 mel bins"),
        new("1 frame", new ProtoSpectrogram { Bins = 128, Frames = 1, Values = { new float[128] } }, "frames, got 1"),
        new("frames = int.MaxValue, no values", new ProtoSpectrogram { Bins = 128, Frames = int.MaxValue }, "frames, got 2147483647"),
        new("fewer values than bins x frames", new ProtoSpectrogram { Bins = 128, Frames = 44, Values = { new float[100] } }, "has 100 values"),
        new("more values than bins x frames", new ProtoSpectrogram { Bins = 128, Frames = 34, Values = { new float[128 * 44] } }, "has 5632 values"),
        new("empty message", new ProtoSpectrogram(), "128 mel bins"),
    ];

    static ProtoSpectrogram Lms(int frames, params (int Index, float Value)[] poison)
    {
        var v = new float[128 * frames];
        for (var i = 0; i < v.Length; i++) v[i] = -40f + 20f * MathF.Sin(i * 0.01f);
        foreach (var (index, value) in poison) v[index] = value;
        return new ProtoSpectrogram { Bins = 128, Frames = frames, Values = { v } };
    }

    /// <summary>.npy files `crossmodal features render` and `features invert` must refuse.</summary>
    public static IReadOnlyList<HostileInput> NpyFiles()
    {
        var good = Npy(new float[128 * 44], "(128, 44)");
        return
        [
            new("zero-length", [], ".npy", "empty (0 bytes)"),
            new("text", Encoding.UTF8.GetBytes("0.1, 0.2, 0.3\n"), ".npy", "\\x93NUMPY magic"),
            new("WAV named .npy", HostileFiles.Tone(100), ".npy", "\\x93NUMPY magic"),
            new("truncated data", good[..(good.Length / 2)], ".npy", "truncated .npy"),
            new("header length beyond the file", Prelude(60_000, "{}"), ".npy", "truncated .npy: header claims"),
            new("shape claims 100000 x 100000", Npy(new float[16], "(100000, 100000)"), ".npy", "too large"),
            new("negative dimension", Npy(new float[16], "(-4, 4)"), ".npy", "shape"),
            new("float64 dtype", Npy(new float[128 * 22], "(128, 44)", descr: "<f8"), ".npy", "'<f8'"),
            new("object dtype", Npy(new float[16], "(4, 4)", descr: "|O"), ".npy", "'|O'"),
            new("fortran order", Npy(new float[128 * 44], "(128, 44)", fortran: true), ".npy", "fortran_order"),
            new("unknown header key", Prelude(0, "{'descr': '<f4', 'evil': __import__('os'), 'shape': (1,), }"), ".npy", "unexpected key"),
            new("1-D array", Npy(new float[128], "(128,)"), ".npy", "2-D array"),
            new("3-D array", Npy(new float[2 * 128 * 44], "(2, 128, 44)"), ".npy", "2-D array"),
            new("NaN value", NpyWith(float.NaN), ".npy", "NaN or infinity (at row 3, column 7)"),
            new("+Inf value", NpyWith(float.PositiveInfinity), ".npy", "NaN or infinity"),
            new("-Inf value", NpyWith(float.NegativeInfinity), ".npy", "NaN or infinity"),
        ];
    }

    static byte[] NpyWith(float poison)
    {
        var v = new float[128 * 44];
        for (var i = 0; i < v.Length; i++) v[i] = -30f;
        v[3 * 44 + 7] = poison;
        return Npy(v, "(128, 44)");
    }

    /// <summary>A .npy v1.0 file with the given header fields and float32 payload (whatever the header says).</summary>
    static byte[] Npy(float[] data, string shape, string descr = "<f4", bool fortran = false)
    {
        var payload = new byte[data.Length * 4];
        for (var i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), data[i]);
        var header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        return [.. Prelude(-1, header), .. payload];
    }

    /// <summary>Magic, version 1.0, header length (the true one when <paramref name="claimedLength"/> is negative) and header.</summary>
    static byte[] Prelude(int claimedLength, string header)
    {
        var text = header.PadRight((header.Length + 11) / 64 * 64 + 63 - 10) + "\n";
        var prelude = new byte[10];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(prelude, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(prelude.AsSpan(8), (ushort)(claimedLength < 0 ? text.Length : claimedLength == 0 ? text.Length : claimedLength));
        return [.. prelude, .. Encoding.ASCII.GetBytes(text)];
    }

    /// <summary>A well-formed 128 x 44 LMS file (the good request that must still work after the corpus).</summary>
    public static void WriteGood(string path) => NpyFile.WriteFile(path, MelSpectrogram.Log(Sine(22_050)));

    static float[] Sine(int n) => Enumerable.Range(0, n).Select(i => (float)(0.4 * Math.Sin(2 * Math.PI * 440 * i / 44_100.0))).ToArray();
}
