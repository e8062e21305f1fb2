using System.Runtime.ExceptionServices;
using CrossModal.Core;
using CrossModal.Core.Audio;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// A sound-only evaluation set: the synthetic dataset's melodies (same generator, same per-piece level and audible-chunk
/// rule, <see cref="PieceSound"/>) rendered through any <see cref="SoundBank"/>, written as
/// <c>OUT/&lt;instrument&gt;/&lt;instrument&gt;&lt;NN&gt;_&lt;ms&gt;.wav</c> — the layout <c>crossmodal evaluate audio --audio-root</c> reads —
/// with <c>sounds.json</c>. No images, no split: the set is for measuring, never for training.
/// <para>An instrument whose GM program the bank lacks is skipped and reported (when all instruments were asked for)
/// or refused (when it was named): a renderer would otherwise play it with some other patch without a word.</para>
/// <para>Deterministic per seed, and staged like the paired dataset (<see cref="StagedOutput"/>).</para>
/// </summary>
public static class SoundSetBuilder
{
    sealed record PiecePlan(InstrumentProfile Profile, int Piece, int Target)
    {
        public string Label => $"{Profile.Name}{Piece:D2}";
    }

    public static SoundSetSummary Build(SoundSetOptions options, IMidiRenderer renderer, IProgress<SynthProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        options.Validate();
        var target = Path.GetFullPath(options.OutputDirectory);
        StagedOutput.CheckTarget(target, dir => SoundSetManifest.TryRead(dir) is not null, "sound set");
        var (instruments, skipped) = Playable(options, renderer);
        var plan = instruments.SelectMany(i => PlanPieces(options, InstrumentProfiles.Get(i))).ToList();
        int total = plan.Sum(p => p.Target);

        var staging = StagedOutput.CreateStaging(target);
        try
        {
            var renderDir = Directory.CreateDirectory(Path.Combine(staging, ".render")).FullName;
            var counts = new int[plan.Count];
            int piecesDone = 0, chunksDone = 0;
            var gate = new object();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism ?? Environment.ProcessorCount, CancellationToken = ct };
            try
            {
                Parallel.For(0, plan.Count, parallel, i =>
                {
                    counts[i] = MakePiece(plan[i], options.Seed, renderer, staging, renderDir, ct);
                    lock (gate)
                    {
                        piecesDone++;
                        chunksDone += counts[i];
                        progress?.Report(new SynthProgress(piecesDone, plan.Count, chunksDone, total, plan[i].Label));
                    }
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            Directory.Delete(renderDir, recursive: true);

            var perInstrument = instruments.ToDictionary(n => n, n => plan.Select((p, i) => p.Profile.Name == n ? counts[i] : 0).Sum());
            var manifest = new SoundSetManifest
            {
                Bank = renderer.BankName, Seed = options.Seed, PerClassTarget = options.PerClass, Pieces = plan.Count,
                Counts = perInstrument, Skipped = skipped, Created = DateTimeOffset.UtcNow,
            };
            File.WriteAllText(Path.Combine(staging, SoundSetManifest.FileName), manifest.ToJson());
            ct.ThrowIfCancellationRequested();
            StagedOutput.Promote(staging, target);
            return new SoundSetSummary(target, renderer.BankName, options.Seed, perInstrument, skipped, clock.Elapsed);
        }
        catch
        {
            StagedOutput.TryDelete(staging);
            throw;
        }
    }

    /// <summary>
    /// The instruments to render and those skipped, with why. An instrument is playable only if the bank has a patch
    /// for every GM program of its voices (the sax's alto and tenor both).
    /// </summary>
    public static (IReadOnlyList<string> Instruments, IReadOnlyDictionary<string, string> Skipped) Playable(SoundSetOptions options, IMidiRenderer renderer)
    {
        var asked = options.Instruments is { Count: > 0 };
        var candidates = new SyntheticDatasetOptions { OutputDirectory = options.OutputDirectory, Instruments = options.Instruments }.ResolvedInstruments();
        var playable = new List<string>();
        var skipped = new Dictionary<string, string>();
        foreach (var name in candidates)
        {
            var missing = InstrumentProfiles.Get(name).Voices.Where(v => !renderer.HasProgram(v.GmProgram)).ToList();
            if (missing.Count == 0) { playable.Add(name); continue; }
            var why = $"{renderer.BankName} has no patch for GM program {string.Join(", ", missing.Select(v => $"{v.GmProgram} ({v.Label})"))}";
            if (asked) throw new InvalidInputException($"cannot render {name}: {why}.");
            skipped[name] = why;
        }
        if (playable.Count == 0) throw new InvalidInputException($"{renderer.BankName} can play none of the instruments asked for.");
        return (playable, skipped);
    }

    /// <summary>Pieces of about <see cref="SyntheticDatasetBuilder.PairsPerPiece"/> chunks each (at least one).</summary>
    static IEnumerable<PiecePlan> PlanPieces(SoundSetOptions o, InstrumentProfile profile)
    {
        int pieces = Math.Clamp((o.PerClass + SyntheticDatasetBuilder.PairsPerPiece - 1) / SyntheticDatasetBuilder.PairsPerPiece, 1, 99);
        for (int k = 1; k <= pieces; k++)
            yield return new PiecePlan(profile, k, o.PerClass / pieces + (k <= o.PerClass % pieces ? 1 : 0));
    }

    static int MakePiece(PiecePlan plan, int seed, IMidiRenderer renderer, string root, string renderDir, CancellationToken ct)
    {
        var profile = plan.Profile;
        var voice = SeededRandom.For(seed, profile.Name, plan.Piece, "voice").Pick(profile.Voices);
        var piece = PieceSound.Render(renderer, profile, voice, seed, plan.Piece, plan.Target, plan.Label, renderDir, ct);
        var dir = Directory.CreateDirectory(Path.Combine(root, profile.Name)).FullName;
        foreach (var chunk in piece.Chunks)
        {
            using var wav = new FileStream(Path.Combine(dir, $"{plan.Label}_{chunk.StartMs}.wav"), FileMode.CreateNew, FileAccess.Write);
            WavCodec.Write16(wav, chunk.Samples, MidiRenderProcess.SampleRate);
        }
        return piece.Chunks.Count;
    }
}
