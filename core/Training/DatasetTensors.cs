using System.Collections.Concurrent;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Core.Training;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>Which pairs of a dataset folder to load, and how many augmented sound copies to add.</summary>
public sealed record DatasetLoadOptions
{
    public DatasetSplit Split { get; init; } = DatasetSplit.Train;
    /// <summary>Null: every instrument of the dataset.</summary>
    public IReadOnlyCollection<string>? Instruments { get; init; }
    /// <summary>0: all pairs; else at most this many per instrument (a seeded choice).</summary>
    public int MaxPerClass { get; init; }
    public long Seed { get; init; } = 1;
    /// <summary>Pose columns to read from pairs.csv (pose_0..pose_{k-1}); pairs without them get no pose tensor.</summary>
    public int PoseParameters { get; init; } = 4;
}

/// <summary>What a loaded split holds besides the tensors: each row's pair name and its waveform (for augmentation).</summary>
public sealed record LoadedSplit(PairedTensorDataset Data, IReadOnlyList<PairedSample> Samples, float[][] Chunks, IReadOnlyList<string> PieceNames) : IDisposable
{
    public void Dispose() => Data.Dispose();

    /// <summary>The MIDI pitch of each of these rows (pairs.csv <c>midi_pitch</c>: synthetic data has it, recordings do not).</summary>
    public int[] MidiPitches(IEnumerable<int> rows) => rows.Select(i =>
        Samples[i].Metadata.TryGetValue("midi_pitch", out var text) && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var pitch)
            ? pitch
            : throw new InvalidInputException($"pair '{Samples[i].Name}' has no midi_pitch in pairs.csv (only the synthetic dataset records the note)")).ToArray();
}

/// <summary>
/// Reads a dataset folder (any layout <see cref="DatasetFolder"/> knows) into the in-memory tensors the trainers use:
/// LMS in dB [N,1,128,44], images [N,3,64,64] in [-1,1], instrument class, piece id and (synthetic data) pose.
/// Pairs are decoded in parallel; a pair that fails to decode is an error naming the file, never a silent gap.
/// </summary>
public static class DatasetTensors
{
    public static LoadedSplit Load(string root, DatasetLoadOptions options, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancel = default)
    {
        if (!Directory.Exists(root)) throw new InvalidInputException($"dataset folder '{root}' does not exist.");
        var dataset = DatasetFolder.Read(root, DatasetVerification.None, ct: cancel);
        var samples = Select(dataset, options);
        if (samples.Count == 0)
            throw new InvalidInputException($"dataset '{root}' has no {options.Split.ToString().ToLowerInvariant()} pairs for the requested instruments.");

        int n = samples.Count, lmsSize = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames, imgSize = 3 * 64 * 64;
        var lms = new float[(long)n * lmsSize];
        var images = new float[(long)n * imgSize];
        var chunks = new float[n][];
        int done = 0;
        var errors = new ConcurrentQueue<string>();
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            try
            {
                var chunk = ChunkAudio.ToModelChunk(samples[i].LoadSound());
                chunks[i] = chunk;
                MelSpectrogram.Compute(chunk, lms.AsSpan(i * lmsSize, lmsSize), log: true);
                samples[i].LoadImageForModel().CopyTo(images.AsSpan(i * imgSize, imgSize));
            }
            catch (InvalidInputException e)
            {
                errors.Enqueue($"{samples[i].Name}: {e.Message}");
            }
            var d = Interlocked.Increment(ref done);
            if (d % 256 == 0 || d == n) progress?.Report((d, n));
        });
        if (!errors.IsEmpty)
            throw new InvalidInputException($"{errors.Count} pair(s) of '{root}' could not be loaded, e.g. {errors.First()}");

        var pieceNames = samples.Select(s => s.VideoId ?? s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var pieceIndex = pieceNames.Select((p, i) => (p, i)).ToDictionary(t => t.p, t => t.i);
        var labels = samples.Select(s => s.LabelIndex).ToArray();
        var pieces = samples.Select(s => pieceIndex[s.VideoId ?? s.Name]).ToArray();
        var pose = ReadPose(samples, options.PoseParameters);

        var data = new PairedTensorDataset(
            tensor(lms, [n, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]),
            tensor(images, [n, 3, 64, 64]),
            labels, pieces,
            pose is null ? null : tensor(pose, [n, options.PoseParameters]));
        return new LoadedSplit(data, samples, chunks, pieceNames);
    }

    static List<PairedSample> Select(PairedDataset dataset, DatasetLoadOptions options)
    {
        if (options.Instruments is { } wanted)
            foreach (var w in wanted)
                if (!dataset.Labels.Contains(w))
                    throw new InvalidInputException($"dataset '{dataset.Root}' has no instrument '{w}' (it has {string.Join(", ", dataset.Labels)}).");
        var chosen = new List<PairedSample>();
        foreach (var group in dataset.InSplit(options.Split)
                     .Where(s => options.Instruments is null || options.Instruments.Contains(s.Label))
                     .GroupBy(s => s.LabelIndex).OrderBy(g => g.Key))
        {
            var items = group.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            if (options.MaxPerClass > 0 && items.Count > options.MaxPerClass)
            {
                var rng = new Random((int)(options.Seed ^ group.Key * 7919));
                items = items.OrderBy(_ => rng.Next()).Take(options.MaxPerClass).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            }
            chosen.AddRange(items);
        }
        return chosen;
    }

    /// <summary>pose_0..pose_{k-1} of every pair, or null when any pair lacks them (real recordings have no pose).</summary>
    static float[]? ReadPose(IReadOnlyList<PairedSample> samples, int k)
    {
        if (k <= 0) return null;
        var pose = new float[samples.Count * k];
        for (int i = 0; i < samples.Count; i++)
            for (int j = 0; j < k; j++)
            {
                if (!samples[i].Metadata.TryGetValue($"pose_{j}", out var text) ||
                    !float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                    return null;
                pose[i * k + j] = v;
            }
        return pose;
    }
}
