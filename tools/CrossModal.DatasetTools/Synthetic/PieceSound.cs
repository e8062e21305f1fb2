namespace CrossModal.DatasetTools.Synthetic;

/// <summary>A piece's melody rendered and cut: its audible chunks, and which render attempt gave them.</summary>
public sealed record RenderedPiece(Melody Melody, List<AudioChunk> Chunks, int Attempt);

/// <summary>
/// The sound of one piece, shared by the paired dataset and the sound-only sets: a seeded melody for the voice,
/// rendered through a bank, its peak set to a per-piece level between −6 and −1 dBFS, cut into audible 0.5 s chunks.
/// A piece too quiet for its share of chunks is written again longer (up to four attempts, each from its own stream).
/// </summary>
public static class PieceSound
{
    public static RenderedPiece Render(IMidiRenderer renderer, InstrumentProfile profile, InstrumentVoice voice, int seed, int piece,
        int target, string label, string renderDir, CancellationToken ct)
    {
        Melody? melody = null;
        List<AudioChunk> chunks = [];
        int attempt = 0;
        for (; attempt < 4 && chunks.Count < target; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            double seconds = target * 0.5 * (1.25 + 0.5 * attempt) + 1.0;
            melody = MelodyGenerator.Generate(profile, voice, seconds, SeededRandom.For(seed, profile.Name, piece, attempt, "melody"));
            var samples = renderer.Render(StandardMidiWriter.Write(melody), renderDir, $"{label}-{attempt}", ct);
            ChunkCutter.NormalisePeak(samples, SeededRandom.For(seed, profile.Name, piece, attempt, "level").Range(-6, -1));
            chunks = ChunkCutter.Cut(samples, melody, target);
        }
        if (chunks.Count < target || melody is null)
            throw new InvalidOperationException($"piece {label} gave only {chunks.Count} audible chunks of the {target} wanted.");
        return new RenderedPiece(melody, chunks, attempt - 1);
    }
}
