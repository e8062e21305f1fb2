namespace CrossModal.Core.Audio.Microphone;

/// <summary>The lossy codecs the simulated microphone's last stage encodes with: what a phone sends or stores.</summary>
public enum LossyCodecFormat
{
    /// <summary>Opus (libopus), the codec of WebRTC, WhatsApp and most voice apps; always runs at 48 kHz.</summary>
    Opus,
    /// <summary>MP3 (MPEG-1 Layer III, LAME), constant bit rate.</summary>
    Mp3,
}

/// <summary>One lossy round trip: the format and its bit rate in kb/s.</summary>
public sealed record LossyCodecSettings(LossyCodecFormat Format, int BitrateKbps)
{
    /// <summary>The bit rates an MPEG-1 Layer III stream can have (kb/s); an MP3 stage uses one of them.</summary>
    public static IReadOnlyList<int> Mp3Bitrates { get; } = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

    public const int MinOpusKbps = 6, MaxOpusKbps = 510;

    /// <summary>Refuses a bit rate the format cannot have.</summary>
    public void Validate()
    {
        switch (Format)
        {
            case LossyCodecFormat.Opus when BitrateKbps is < MinOpusKbps or > MaxOpusKbps:
                throw new InvalidInputException($"an Opus bit rate must be {MinOpusKbps}–{MaxOpusKbps} kb/s, got {BitrateKbps}");
            case LossyCodecFormat.Mp3 when !Mp3Bitrates.Contains(BitrateKbps):
                throw new InvalidInputException($"an MP3 bit rate must be one of {string.Join(", ", Mp3Bitrates)} kb/s, got {BitrateKbps}");
            case not (LossyCodecFormat.Opus or LossyCodecFormat.Mp3):
                throw new InvalidInputException($"unknown lossy codec {Format}");
        }
    }

    public override string ToString() => $"{(Format == LossyCodecFormat.Opus ? "Opus" : "MP3")} {BitrateKbps} kb/s";
}

/// <summary>
/// Encodes mono samples with a lossy codec and decodes them again. Core runs no processes, so the codec is given to
/// <see cref="MicrophoneChain.Apply"/> by whoever may: the ffmpeg one is <c>CrossModal.DatasetTools.Codecs.FfmpegLossyCodec</c>
/// (the command line gives it to <c>evaluate audio --codec</c> and to recipes whose sound encoder asks for <c>codec</c>).
/// </summary>
public interface ILossyCodec
{
    /// <summary>
    /// The samples as the codec's decoder gives them back: the same length and sample rate as <paramref name="samples"/>,
    /// aligned with them (the codec's priming delay and padding removed), not clipped. Thread-safe.
    /// </summary>
    float[] RoundTrip(ReadOnlySpan<float> samples, int sampleRate, LossyCodecSettings codec, CancellationToken cancel = default);
}
