using System.Buffers.Binary;

namespace CrossModal.Core.Audio;

/// <summary>
/// Reads and writes RIFF/WAVE. Reading validates every header field against the bytes actually present
/// before allocating anything, so truncated files, lying sizes and huge headers are refused with a clear
/// message instead of an exception deep inside a decoder or an out-of-memory crash.
/// Supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE with those subformats,
/// any channel count up to 32 (mixed down to mono by averaging).
/// </summary>
public static class WavCodec
{
    /// <summary>Default limit on decoded length: 10 minutes at 48 kHz is far beyond any 0.5 s chunk.</summary>
    public const long DefaultMaxSamplesPerChannel = 48_000L * 600;

    const ushort FormatPcm = 1, FormatFloat = 3, FormatExtensible = 0xFFFE;

    public static AudioClip ReadFile(string path, long maxSamplesPerChannel = DefaultMaxSamplesPerChannel)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"'{path}': file not found.");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InvalidInputException($"'{path}': cannot be read ({e.Message}).", e); }
        try { return Read(bytes, maxSamplesPerChannel); }
        catch (InvalidInputException e) { throw new InvalidInputException($"'{Path.GetFileName(path)}': {e.Message}", e); }
    }

    public static AudioClip Read(Stream stream, long maxSamplesPerChannel = DefaultMaxSamplesPerChannel)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return Read(ms.ToArray(), maxSamplesPerChannel);
    }

    public static AudioClip Read(ReadOnlySpan<byte> data, long maxSamplesPerChannel = DefaultMaxSamplesPerChannel)
    {
        if (data.Length == 0) throw new InvalidInputException("not a WAV file: it is empty (0 bytes).");
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidInputException("not a WAV file: no RIFF/WAVE header.");

        ushort format = 0, channels = 0, bits = 0, blockAlign = 0;
        int sampleRate = 0;
        bool haveFmt = false;
        int pos = 12;
        while (pos + 8 <= data.Length)
        {
            var id = data.Slice(pos, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos + 4, 4));
            int body = pos + 8;
            long available = data.Length - body;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || size > available)
                    throw new InvalidInputException($"malformed WAV: 'fmt ' chunk claims {size} bytes, {available} present.");
                var f = data.Slice(body, (int)size);
                format = BinaryPrimitives.ReadUInt16LittleEndian(f);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(f[2..]);
                sampleRate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(f[4..]));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(f[12..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(f[14..]);
                if (format == FormatExtensible)
                {
                    if (size < 40) throw new InvalidInputException("malformed WAV: extensible 'fmt ' chunk is too short.");
                    format = BinaryPrimitives.ReadUInt16LittleEndian(f[24..]); // first two bytes of the subformat GUID
                }
                haveFmt = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFmt) throw new InvalidInputException("malformed WAV: 'data' chunk before 'fmt ' chunk.");
                ValidateFormat(format, channels, sampleRate, bits, blockAlign);
                // Streaming writers put 0 or 0xFFFFFFFF here; anything else larger than the file is a lie.
                long dataBytes = size;
                if (size == 0 || size == uint.MaxValue) dataBytes = available;
                else if (size > available)
                    throw new InvalidInputException($"truncated WAV: header promises {size} bytes of audio, {available} present.");
                long frames = dataBytes / blockAlign;
                if (frames == 0) throw new InvalidInputException("WAV contains no audio samples (zero-length 'data' chunk).");
                if (frames > maxSamplesPerChannel)
                    throw new InvalidInputException(
                        $"WAV is too long: {frames / (double)sampleRate:F1} s; the limit is {maxSamplesPerChannel / (double)sampleRate:F1} s at this rate.");
                var samples = Decode(data.Slice(body, (int)(frames * blockAlign)), format, channels, bits, blockAlign, (int)frames);
                foreach (var s in samples)
                    if (!float.IsFinite(s)) throw new InvalidInputException("WAV contains NaN or infinite samples.");
                return new AudioClip(samples, sampleRate);
            }
            long next = (long)body + size + (size & 1); // chunks are word-aligned
            if (next > data.Length) break;
            pos = (int)next;
        }
        throw new InvalidInputException(haveFmt ? "malformed WAV: no 'data' chunk." : "malformed WAV: no 'fmt ' chunk.");
    }

    static void ValidateFormat(ushort format, ushort channels, int sampleRate, ushort bits, ushort blockAlign)
    {
        if (format != FormatPcm && format != FormatFloat)
            throw new InvalidInputException($"unsupported WAV encoding (format tag {format}); use PCM or IEEE float.");
        if (channels is 0 or > 32) throw new InvalidInputException($"unsupported WAV channel count {channels}.");
        if (sampleRate is < 1000 or > 384_000) throw new InvalidInputException($"unsupported WAV sample rate {sampleRate} Hz (1 kHz to 384 kHz).");
        bool ok = format == FormatPcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!ok) throw new InvalidInputException($"unsupported WAV sample size: {bits}-bit {(format == FormatPcm ? "PCM" : "float")}.");
        if (blockAlign != channels * (bits / 8))
            throw new InvalidInputException($"malformed WAV: block align {blockAlign} does not match {channels} channels of {bits} bits.");
    }

    static float[] Decode(ReadOnlySpan<byte> d, ushort format, int channels, int bits, int blockAlign, int frames)
    {
        var mono = new float[frames];
        int bytesPer = bits / 8;
        float inv = 1f / channels;
        for (int i = 0; i < frames; i++)
        {
            double acc = 0;
            int frame = i * blockAlign;
            for (int c = 0; c < channels; c++)
            {
                var s = d.Slice(frame + c * bytesPer, bytesPer);
                acc += format == FormatFloat
                    ? bits == 32 ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s)
                    : bits switch
                    {
                        8 => (s[0] - 128) / 128.0,
                        16 => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
                        24 => ((s[0] | (s[1] << 8) | ((sbyte)s[2] << 16))) / 8388608.0,
                        _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
                    };
            }
            mono[i] = (float)(acc * inv);
        }
        return mono;
    }

    /// <summary>Writes 16-bit PCM mono, clipping to [-1, 1].</summary>
    public static void Write16(Stream stream, ReadOnlySpan<float> samples, int sampleRate)
    {
        int dataBytes = checked(samples.Length * 2);
        var buf = new byte[44 + dataBytes];
        var span = buf.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], (short)FormatPcm);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        for (int i = 0; i < samples.Length; i++)
        {
            float v = Math.Clamp(float.IsFinite(samples[i]) ? samples[i] : 0f, -1f, 1f);
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], (short)Math.Round(v * 32767f));
        }
        stream.Write(buf);
    }

    /// <summary>Writes a 16-bit WAV through a temporary file and a rename, so a crash never leaves half a file.</summary>
    public static void WriteFile16(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        var copy = samples.ToArray();
        AtomicFile.Write(path, s => Write16(s, copy, sampleRate));
    }
}
