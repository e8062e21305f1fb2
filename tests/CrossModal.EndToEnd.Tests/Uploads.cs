using CrossModal.Core.Audio;

namespace CrossModal.EndToEnd.Tests;

/// <summary>Files the tests upload that are not in the tiny dataset: the wrong format, empty, silent.</summary>
public static class Uploads
{
    public static FilePayload NotAWav() => new() { Name = "notes.wav", MimeType = "audio/wav", Buffer = "these are notes, not a recording\n"u8.ToArray() };

    public static FilePayload Empty(string name, string mime) => new() { Name = name, MimeType = mime, Buffer = [] };

    /// <summary>A well-formed WAV of digital silence: the page cannot tell, the services refuse it (below -45 dBFS).</summary>
    public static FilePayload SilentWav()
    {
        using var ms = new MemoryStream();
        WavCodec.Write16(ms, new float[22_050], 44_100);
        return new() { Name = "silence.wav", MimeType = "audio/wav", Buffer = ms.ToArray() };
    }

    public static FilePayload WavAsImage(string wavPath) => new() { Name = "photo.png", MimeType = "image/png", Buffer = File.ReadAllBytes(wavPath) };
}
