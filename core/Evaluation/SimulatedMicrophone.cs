using CrossModal.Core.Audio.Microphone;
using CrossModal.Core.Runtime;
using CrossModal.Domain;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// The "through the simulated microphone chain" test condition: every chunk passes through its own
/// <see cref="MicrophoneChain"/> drawn from <see cref="MicrophoneChainRanges.Evaluation"/> (every stage on), keyed by
/// (seed, the chunk's name), so a chunk meets the same chain however the set is ordered or threaded.
/// With a <see cref="Codec"/> it is the condition "through the chain and a codec": the chain drawn from
/// <see cref="MicrophoneChainRanges.EvaluationWithCodec"/>, whose other stages are the very ones the plain condition
/// draws for the same seed and chunk, then a lossy codec (Opus or MP3, or only <see cref="Format"/>). Without a codec
/// the condition is the one the figures in docs/RESULTS.md were measured under, sample for sample.
/// </summary>
public sealed record SimulatedMicrophone(int Seed, ILossyCodec? Codec = null, LossyCodecFormat? Format = null)
{
    /// <summary>What the chains are drawn from.</summary>
    public MicrophoneChainRanges Ranges => Codec is null
        ? Format is null ? MicrophoneChainRanges.Evaluation : throw new InvalidOperationException("a codec format needs a codec to run it")
        : MicrophoneChainRanges.EvaluationWithCodec with { OpusShare = Format switch { LossyCodecFormat.Opus => 1, LossyCodecFormat.Mp3 => 0, _ => MicrophoneChainRanges.EvaluationWithCodec.OpusShare } };

    /// <summary>
    /// How many chunks to record at once: the scheduler's choice without a codec (pure computation); with one, each chunk
    /// starts an encoder and then a decoder process and blocks on them, so 2–4 at a time (the machine's cores, within that).
    /// </summary>
    public int Parallelism => Codec is null ? -1 : Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>The chain the chunk called <paramref name="name"/> meets.</summary>
    public MicrophoneChainSettings Chain(string name) =>
        MicrophoneChain.Draw(AudioFrontEnd.SampleRate, Seeding.Stream(Seed, $"microphone-chain/{name}"), Ranges);

    public float[] Record(ReadOnlySpan<float> chunk, string name, CancellationToken cancel = default) =>
        MicrophoneChain.Apply(chunk, AudioFrontEnd.SampleRate, Chain(name), Codec, cancel);

    public string Describe()
    {
        var text = $"each chunk through the simulated microphone chain (seed {Seed}: speaker EQ, room, microphone EQ, noise 10–30 dB SNR, band limit, level and clipping";
        if (Codec is null) return text + ")";
        var r = Ranges;
        var opus = $"Opus {r.MinOpusKbps:0}–{r.MaxOpusKbps:0} kb/s";
        var mp3 = $"MP3 {r.MinMp3Kbps:0}–{r.MaxMp3Kbps:0} kb/s";
        var codec = Format switch { LossyCodecFormat.Opus => opus, LossyCodecFormat.Mp3 => mp3, _ => $"{opus} or {mp3}, half each" };
        return text + $", then a lossy codec: {codec})";
    }
}
