using CrossModal.Core.Audio;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Core.Training;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// Accuracy of the sound classifier on real sound.
/// A folder of recordings (any rate, any length) is judged per file: every audible 0.5 s chunk of the file is
/// classified and the file's label is the arg-max of the mean class probabilities of its chunks (a soft vote:
/// a long recording is judged on all of it, not on whichever half-second comes first); the per-chunk accuracy is
/// reported beside it. A file without any audible chunk is refused, naming it. A dataset split is judged per
/// pair (each pair is one 0.5 s chunk).
/// </summary>
public static class SoundClassifierEvaluator
{
    public const string Task = "audio";

    /// <param name="microphone">When set, every chunk is judged as the simulated microphone records it.</param>
    public static EvaluationResult OnFolder(ModelSet models, string root, int maxChunksPerFile = 0,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default, SimulatedMicrophone? microphone = null)
    {
        var files = LabelledFolder.Sounds(root);
        var classifier = models.SoundClassifier;
        var perFile = SoundFiles.LmsOfChunks(files, maxChunksPerFile, cancel, microphone);
        var owner = perFile.SelectMany((lms, f) => Enumerable.Repeat(f, lms.Count)).ToArray();
        var all = perFile.SelectMany(l => l).ToArray();
        var judged = JudgeRun.Run(classifier, all.Length, (s, n) => SoundFiles.UnitBatch(all, s, n), progress, cancel);

        var chunkTruth = owner.Select(f => files[f].Label).ToArray();
        var chunkPredicted = EvaluationResult.ArgMax(judged.Probabilities);
        var chunkAccuracy = chunkTruth.Zip(chunkPredicted).Count(p => p.First == p.Second) / (double)all.Length;

        var votes = new double[files.Count][];
        for (var f = 0; f < files.Count; f++) votes[f] = new double[judged.Probabilities[0].Length];
        for (var c = 0; c < all.Length; c++)
            for (var k = 0; k < votes[owner[c]].Length; k++) votes[owner[c]][k] += judged.Probabilities[c][k];
        var result = EvaluationResult.From(Task, Path.GetFullPath(root), files.Select(f => f.Label).ToArray(), EvaluationResult.ArgMax(votes));
        return result with
        {
            Chunks = all.Length, ChunkAccuracy = chunkAccuracy,
            Method = "per file: arg-max of the mean class probabilities over its audible 0.5 s chunks"
                + (microphone is null ? "" : "; " + microphone.Describe()),
        };
    }

    /// <param name="microphone">When set, every pair's chunk is judged as the simulated microphone records it (its LMS recomputed).</param>
    public static EvaluationResult OnSplit(ModelSet models, LoadedSplit split, string source,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default, SimulatedMicrophone? microphone = null)
    {
        Judgement judged;
        if (microphone is null)
        {
            var sounds = split.Data.Sounds;
            judged = JudgeRun.Run(models.SoundClassifier, split.Data.Count,
                (s, n) => SoundInput.ToUnit(sounds.narrow(0, s, n)), progress, cancel);
        }
        else
        {
            var lms = new float[split.Chunks.Length][];
            ParallelFiles.For(lms.Length, i => lms[i] = ChunkAudio.Lms(microphone.Record(split.Chunks[i], split.Samples[i].Name, cancel)),
                cancel, microphone.Parallelism);
            judged = JudgeRun.Run(models.SoundClassifier, lms.Length, (s, n) => SoundFiles.UnitBatch(lms, s, n), progress, cancel);
        }
        return EvaluationResult.From(Task, source, split.Data.Labels, EvaluationResult.ArgMax(judged.Probabilities))
            with { Method = "per pair (one 0.5 s chunk each)" + (microphone is null ? "" : "; " + microphone.Describe()) };
    }
}

/// <summary>Reading a folder's WAV files into model-chunk LMS, in parallel, with errors naming the file.</summary>
internal static class SoundFiles
{
    static readonly int LmsSize = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames;

    /// <summary>The LMS (dB) of every audible chunk of each file (at most <paramref name="max"/> per file, 0: all).</summary>
    /// <param name="microphone">When set, each chunk is recorded through it first, keyed by "&lt;file name&gt;#&lt;chunk index&gt;".</param>
    public static List<float[]>[] LmsOfChunks(IReadOnlyList<LabelledFile> files, int max, CancellationToken cancel, SimulatedMicrophone? microphone = null)
    {
        var result = new List<float[]>[files.Count];
        ParallelFiles.For(files.Count, i =>
        {
            var chunks = AudibleChunks.Of(Read(files[i].Path), max);
            if (chunks.Count == 0)
                throw new InvalidInputException($"'{files[i].Path}' has no audible 0.5 s chunk (all below {Loudness.SilenceThresholdDbfs} dBFS).");
            var name = Path.GetFileName(files[i].Path);
            result[i] = chunks.Select((c, k) => ChunkAudio.Lms(microphone is null ? c : microphone.Record(c, $"{name}#{k}", cancel))).ToList();
        }, cancel, microphone?.Parallelism ?? -1);
        return result;
    }

    static AudioClip Read(string path)
    {
        try
        {
            var clip = WavCodec.ReadFile(path);
            if (clip.Samples.Length == 0) throw new InvalidInputException("it has no samples");
            return clip;
        }
        catch (InvalidInputException e) when (!e.Message.Contains(path))
        {
            throw LabelledFolder.Refusal(path, e);
        }
    }

    /// <summary>Rows [start, start + n) of a list of dB LMS as the unit-scaled batch [n, 1, 128, 44] the sound networks take.</summary>
    public static Tensor UnitBatch(IReadOnlyList<float[]> lms, int start, int n) => SoundInput.ToUnit(DbBatch(lms, start, n));

    public static Tensor DbBatch(IReadOnlyList<float[]> lms, int start, int n)
    {
        var data = new float[(long)n * LmsSize];
        for (var i = 0; i < n; i++) lms[start + i].CopyTo(data, (long)i * LmsSize);
        return tensor(data, [n, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]);
    }
}
