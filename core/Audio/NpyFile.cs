using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace CrossModal.Core.Audio;

/// <summary>A float32 array read from or written to a .npy file, C (row-major) order.</summary>
public sealed record NpyArray(float[] Data, int[] Shape);

/// <summary>
/// NumPy .npy format version 1.0 for float32 little-endian C-order arrays (what numpy.save writes for
/// np.float32 data): magic "\x93NUMPY", version 1.0, a 2-byte header length, an ASCII Python dict literal
/// {'descr': '&lt;f4', 'fortran_order': False, 'shape': (...), } padded with spaces to a multiple of 64 bytes and
/// ended by '\n', then the raw data. Reading validates every part and refuses anything else with a message
/// naming what is wrong; the data length must match the shape exactly.
/// </summary>
public static class NpyFile
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    const int PreludeLength = 10; // magic 6 + version 2 + header length 2
    /// <summary>Files above this size are refused before reading (1 GiB: far beyond any spectrogram).</summary>
    public const long MaxFileBytes = 1L << 30;

    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 1) throw new ArgumentOutOfRangeException(nameof(shape), "every dimension must be ≥ 1.");
            count *= d;
        }
        if (shape.Length == 0 || count != data.Length) throw new ArgumentException($"shape ({string.Join(", ", shape.ToArray())}) does not hold {data.Length} values.");
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = PreludeLength + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        var buf = new byte[PreludeLength + header.Length + 4L * data.Length];
        Magic.CopyTo(buf, 0);
        buf[6] = 1;
        buf[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, buf.AsSpan(PreludeLength));
        var body = buf.AsSpan(PreludeLength + header.Length);
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body[(4 * i)..], data[i]);
        stream.Write(buf);
    }

    /// <summary>Writes a spectrogram as a [Bins, Frames] float32 array, atomically.</summary>
    public static void WriteFile(string path, Spectrogram s)
    {
        AtomicFile.Write(path, st => Write(st, s.Data, [s.Bins, s.Frames]));
    }

    public static NpyArray ReadFile(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"'{path}': file not found.");
        byte[] bytes;
        try
        {
            long size = new FileInfo(path).Length;
            if (size > MaxFileBytes) throw new InvalidInputException($"'{Path.GetFileName(path)}': {size} bytes is too large for a .npy spectrogram (limit {MaxFileBytes}).");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InvalidInputException($"'{path}': cannot be read ({e.Message}).", e); }
        try { return Read(bytes); }
        catch (InvalidInputException e) { throw new InvalidInputException($"'{Path.GetFileName(path)}': {e.Message}", e); }
    }

    /// <summary>Reads a 2-D array as a spectrogram [rows = bins, columns = frames]; refuses NaN and infinity.</summary>
    public static Spectrogram ReadSpectrogram(string path)
    {
        var a = ReadFile(path);
        if (a.Shape.Length != 2)
            throw new InvalidInputException($"'{Path.GetFileName(path)}': a spectrogram is a 2-D array [bins, frames]; this one has shape ({string.Join(", ", a.Shape)}).");
        for (int i = 0; i < a.Data.Length; i++)
            if (!float.IsFinite(a.Data[i]))
                throw new InvalidInputException($"'{Path.GetFileName(path)}': contains NaN or infinity (at row {i / a.Shape[1]}, column {i % a.Shape[1]}).");
        return new Spectrogram(a.Data, a.Shape[0], a.Shape[1]);
    }

    public static NpyArray Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) throw new InvalidInputException("not a .npy file: it is empty (0 bytes).");
        if (bytes.Length < PreludeLength || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidInputException("not a .npy file: missing the \\x93NUMPY magic.");
        if (bytes[6] != 1 || bytes[7] != 0)
            throw new InvalidInputException($"unsupported .npy version {bytes[6]}.{bytes[7]}; expected 1.0.");
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (PreludeLength + headerLength > bytes.Length)
            throw new InvalidInputException($"truncated .npy: header claims {headerLength} bytes, {bytes.Length - PreludeLength} present.");
        var headerBytes = bytes.Slice(PreludeLength, headerLength);
        foreach (var b in headerBytes)
            if (b > 127) throw new InvalidInputException("malformed .npy header: not ASCII.");
        string header = Encoding.ASCII.GetString(headerBytes);
        if (!header.EndsWith('\n')) throw new InvalidInputException("malformed .npy header: it does not end with a newline.");
        var (descr, fortran, shape) = ParseHeader(header.TrimEnd('\n', ' '));
        if (descr != "<f4") throw new InvalidInputException($"unsupported .npy dtype '{descr}'; expected '<f4' (float32, little-endian).");
        if (fortran) throw new InvalidInputException("unsupported .npy layout: fortran_order is True; expected C order.");
        if (shape.Length == 0) throw new InvalidInputException("unsupported .npy shape (): a scalar, not an array.");
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 1) throw new InvalidInputException($"unsupported .npy shape ({string.Join(", ", shape)}): empty dimension.");
            count *= d;
            if (count > MaxFileBytes / 4) throw new InvalidInputException($".npy shape ({string.Join(", ", shape)}) is too large.");
        }
        long dataBytes = bytes.Length - PreludeLength - headerLength;
        if (dataBytes != count * 4)
            throw new InvalidInputException(dataBytes < count * 4
                ? $"truncated .npy: shape ({string.Join(", ", shape)}) needs {count * 4} data bytes, {dataBytes} present."
                : $"malformed .npy: shape ({string.Join(", ", shape)}) needs {count * 4} data bytes, {dataBytes} present (trailing bytes).");
        var data = new float[count];
        var body = bytes[(PreludeLength + headerLength)..];
        for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(4 * i)..]);
        return new NpyArray(data, shape.Select(d => (int)d).ToArray());
    }

    /// <summary>Parses the header's Python dict literal: exactly the keys descr, fortran_order and shape.</summary>
    static (string Descr, bool Fortran, long[] Shape) ParseHeader(string h)
    {
        var p = new HeaderParser(h);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        p.Expect('{');
        while (!p.TryConsume('}'))
        {
            string key = p.ReadString();
            p.Expect(':');
            switch (key)
            {
                case "descr": descr = p.ReadString(); break;
                case "fortran_order": fortran = p.ReadBool(); break;
                case "shape": shape = p.ReadTuple(); break;
                default: throw new InvalidInputException($"malformed .npy header: unexpected key '{key}'.");
            }
            if (!p.TryConsume(',')) { p.Expect('}'); break; }
        }
        p.ExpectEnd();
        if (descr is null || fortran is null || shape is null)
            throw new InvalidInputException("malformed .npy header: it needs 'descr', 'fortran_order' and 'shape'.");
        return (descr, fortran.Value, shape);
    }

    ref struct HeaderParser(string text)
    {
        int _pos;

        void SkipSpaces() { while (_pos < text.Length && text[_pos] == ' ') _pos++; }

        InvalidInputException Error(string what) => new($"malformed .npy header: {what} at position {_pos} of \"{text}\".");

        public void Expect(char c)
        {
            SkipSpaces();
            if (_pos >= text.Length || text[_pos] != c) throw Error($"expected '{c}'");
            _pos++;
        }

        public bool TryConsume(char c)
        {
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
            return false;
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_pos != text.Length) throw Error("unexpected text after the dict");
        }

        public string ReadString()
        {
            SkipSpaces();
            if (_pos >= text.Length || (text[_pos] != '\'' && text[_pos] != '"')) throw Error("expected a quoted string");
            char q = text[_pos++];
            int end = text.IndexOf(q, _pos);
            if (end < 0) throw Error("unterminated string");
            var s = text[_pos..end];
            _pos = end + 1;
            return s;
        }

        public bool ReadBool()
        {
            SkipSpaces();
            if (text.AsSpan(_pos).StartsWith("True")) { _pos += 4; return true; }
            if (text.AsSpan(_pos).StartsWith("False")) { _pos += 5; return false; }
            throw Error("expected True or False");
        }

        public long[] ReadTuple()
        {
            Expect('(');
            var dims = new List<long>();
            while (!TryConsume(')'))
            {
                SkipSpaces();
                int start = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
                if (_pos == start || _pos - start > 12) throw Error("expected a dimension");
                dims.Add(long.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture));
                if (dims.Count > 8) throw Error("more than 8 dimensions");
                if (!TryConsume(',')) { Expect(')'); break; }
            }
            return dims.ToArray();
        }
    }
}
