namespace CrossModal.Studies.Creation;

/// <summary>A validation pair a study set is built from: its ground-truth image (64x64 PNG) and its sound (WAV).</summary>
public sealed record StudySample(string Name, byte[] GroundTruthPng, byte[] Wav);

/// <summary>
/// Where a study's inputs and images come from. The app uses <see cref="GrpcStudyImageSource"/> (the evaluator's study samples
/// and the generator service); tests use a fake.
/// </summary>
public interface IStudyImageSource
{
    /// <summary><paramref name="count"/> distinct validation pairs of <paramref name="instrument"/>, chosen by <paramref name="seed"/>.</summary>
    Task<IReadOnlyList<StudySample>> PickSamplesAsync(string instrument, int count, long seed, CancellationToken ct);

    /// <summary>One 64x64 PNG generated from <paramref name="sample"/>'s sound by a generated method (S2I-C, S2I-N, S2I-A, pose).</summary>
    Task<byte[]> GenerateAsync(string method, string instrument, StudySample sample, long seed, CancellationToken ct);
}
