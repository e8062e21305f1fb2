using CrossModal.Core.Audio.Microphone;
using CrossModal.Core.Runtime;
using CrossModal.Domain;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// The "through the simulated microphone chain" test condition: every chunk passes through its own
/// <see cref="MicrophoneChain"/> drawn from <see cref="MicrophoneChainRanges.Evaluation"/> (every stage on), keyed by
/// (seed, the chunk's name), so a chunk meets the same chain however the set is ordered or threaded.
/// </summary>
public sealed record SimulatedMicrophone(int Seed)
{
    public float[] Record(ReadOnlySpan<float> chunk, string name)
    {
        var chain = MicrophoneChain.Draw(AudioFrontEnd.SampleRate, Seeding.Stream(Seed, $"microphone-chain/{name}"), MicrophoneChainRanges.Evaluation);
        return MicrophoneChain.Apply(chunk, AudioFrontEnd.SampleRate, chain);
    }

    public string Describe() =>
        $"each chunk through the simulated microphone chain (seed {Seed}: speaker EQ, room, microphone EQ, noise 10–30 dB SNR, band limit, level and clipping)";
}
