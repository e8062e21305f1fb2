using System.Buffers.Binary;
using System.Text;
using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Audio;

public class NpyFileTests
{
    static byte[] Npy(string dict, int dataBytes, byte major = 1)
    {
        string header = dict;
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        var b = new byte[10 + header.Length + dataBytes];
        b[0] = 0x93; "NUMPY"u8.CopyTo(b.AsSpan(1));
        b[6] = major;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(b, 10);
        return b;
    }

    [Fact]
    public void WritesWhatNumpyWritesAndReadsItBack()
    {
        var s = new Spectrogram([1f, 2f, 3f, -4.5f, 5f, float.Epsilon], 2, 3);
        var ms = new MemoryStream();
        NpyFile.Write(ms, s.Data, [2, 3]);
        var bytes = ms.ToArray();
        string header = Encoding.ASCII.GetString(bytes, 10, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.Equal(0, (10 + header.Length) % 64);
        Assert.EndsWith("\n", header);
        var a = NpyFile.Read(bytes);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(s.Data, a.Data);
        ms.SetLength(0);
        NpyFile.Write(ms, [7f], [1]);
        Assert.Contains("'shape': (1,), }", Encoding.ASCII.GetString(ms.ToArray()));
    }

    [Fact]
    public void ReadsAFileWrittenByNumpy()
    {
        // Fixtures/tones.lms.npy was written by numpy.save (make_reference.py).
        var s = NpyFile.ReadSpectrogram(AudioTestSignals.Fixture("tones.lms.npy"));
        Assert.Equal((128, 44), (s.Bins, s.Frames));
        Assert.Equal(-16.987566f, s[10, 20], 1e-5f);
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        const string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        return new TheoryData<string, byte[], string>
        {
            { "empty", [], "empty" },
            { "text", "descr shape"u8.ToArray(), "magic" },
            { "version 2", Npy(good, 24, major: 2), "version 2.0" },
            { "float64", Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48), "'<f8'" },
            { "big-endian", Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", 24), "'>f4'" },
            { "fortran", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24), "fortran_order" },
            { "truncated data", Npy(good, 20), "truncated" },
            { "trailing bytes", Npy(good, 28), "trailing" },
            { "header past the end", Npy(good, 24)[..40], "truncated .npy: header" },
            { "missing shape", Npy("{'descr': '<f4', 'fortran_order': False, }", 0), "needs 'descr'" },
            { "extra key", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1, }", 24), "unexpected key 'x'" },
            { "bad tuple", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, a), }", 24), "expected a dimension" },
            { "empty dimension", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", 0), "empty dimension" },
            { "scalar", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 4), "scalar" },
            { "huge shape", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (999999999, 999999), }", 24), "too large" },
            { "no dict", Npy("hello", 0), "expected '{'" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void RefusesCorruptFilesWithAClearMessage(string what, byte[] bytes, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => NpyFile.Read(bytes));
        Assert.Contains(expected, e.Message);
        _ = what;
    }

    [Fact]
    public void SpectrogramReadingRefusesNanAndWrongDimensions()
    {
        using var dir = new TempDir();
        var nan = dir.File("nan.npy");
        File.WriteAllBytes(nan, Write([1f, float.NaN, 0f, 1f], [2, 2]));
        Assert.Contains("NaN", Assert.Throws<InvalidInputException>(() => NpyFile.ReadSpectrogram(nan)).Message);
        var threeD = dir.File("3d.npy");
        File.WriteAllBytes(threeD, Write(new float[8], [2, 2, 2]));
        Assert.Contains("2-D", Assert.Throws<InvalidInputException>(() => NpyFile.ReadSpectrogram(threeD)).Message);
        Assert.Contains("not found", Assert.Throws<InvalidInputException>(() => NpyFile.ReadSpectrogram(dir.File("none.npy"))).Message);
    }

    static byte[] Write(float[] data, int[] shape)
    {
        var ms = new MemoryStream();
        NpyFile.Write(ms, data, shape);
        return ms.ToArray();
    }
}
