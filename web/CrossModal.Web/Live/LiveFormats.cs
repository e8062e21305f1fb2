using System.Buffers.Binary;
using CrossModal.Domain;

namespace CrossModal.Web.Live;

/// <summary>
/// What a live page sends over its WebSocket: binary messages of an 8-byte header — the window or frame number
/// (uint32, little-endian) and its noise seed (int32) — then the payload: for sound exactly 0.5 s of mono 16-bit PCM at
/// 44.1 kHz (the page's AudioContext runs at 44.1 kHz, so the browser resamples the microphone), for the camera one JPEG
/// or PNG frame.
/// </summary>
public static class LiveFormats
{
    public const int HeaderBytes = 8;

    /// <summary>A sound window's payload: <see cref="AudioFrontEnd.ChunkSamples"/> 16-bit samples.</summary>
    public const int SoundWindowBytes = AudioFrontEnd.ChunkSamples * sizeof(short);

    /// <summary>
    /// The largest camera frame: the page sends 256 x 256 JPEGs of about 10–30 kB; 1 MiB leaves room for a PNG and bounds
    /// what an idle socket holds.
    /// </summary>
    public const int MaxFrameBytes = 1024 * 1024;

    public readonly record struct Message(uint Sequence, int Seed, ReadOnlyMemory<byte> Payload);

    /// <summary>A sound window message; anything but exactly the header and 0.5 s of PCM is refused.</summary>
    public static Message SoundWindow(ReadOnlyMemory<byte> bytes) =>
        bytes.Length == HeaderBytes + SoundWindowBytes ? Split(bytes)
            : throw new LiveInputException($"a sound window must be {HeaderBytes} header bytes and {AudioFrontEnd.ChunkSamples} samples of 16-bit PCM ({HeaderBytes + SoundWindowBytes} bytes), got {bytes.Length} bytes.");

    /// <summary>A camera frame message: the header and 1 byte to <see cref="MaxFrameBytes"/> of image.</summary>
    public static Message CameraFrame(ReadOnlyMemory<byte> bytes) =>
        bytes.Length is > HeaderBytes and <= HeaderBytes + MaxFrameBytes ? Split(bytes)
            : throw new LiveInputException($"a camera frame must be {HeaderBytes} header bytes and 1 to {MaxFrameBytes} bytes of JPEG or PNG, got {bytes.Length} bytes.");

    static Message Split(ReadOnlyMemory<byte> bytes) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.Span),
        BinaryPrimitives.ReadInt32LittleEndian(bytes.Span[4..]),
        bytes[HeaderBytes..]);
}

/// <summary>A live page sent something that is not a window or frame; the session ends with this message.</summary>
public sealed class LiveInputException(string message) : Exception(message);
