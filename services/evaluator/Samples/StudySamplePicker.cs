using System.Collections.Concurrent;
using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Domain;
using CrossModal.ModelServing;

namespace CrossModal.EvaluatorService.Samples;

/// <summary>One validation pair of a study: its sound as stored and its frame as the models see it.</summary>
public sealed record PickedSample(string Name, string Instrument, byte[] Wav, byte[] GroundTruthPng);

/// <summary>What <see cref="StudySamplePicker.PickAsync"/> returns: the pairs, the dataset's folder name, and how many the instrument has.</summary>
public sealed record PickedSamples(IReadOnlyList<PickedSample> Samples, string Dataset, int Available);

/// <summary>
/// A study's held-out inputs from the configured studies dataset: <c>count</c> validation pairs of one instrument,
/// chosen by the study's seed with the seeded shuffle the studies always used (salt <c>study:&lt;instrument&gt;</c>),
/// so a study made here picks the same pairs as one made when the web app read the dataset itself. The ground truth
/// is cut and scaled exactly as the models see their training images, so only the method, not the size or framing,
/// tells it apart from a generated image.
/// </summary>
public sealed class StudySamplePicker(StudySamplesOptions options, ServicePaths paths)
{
    /// <summary>Per call: a study asks for at most 50 regular + 20 gold sets of one instrument; 100 leaves room and
    /// keeps a reply (about 60 KB per 0.5 s pair) far below the 32 MB message limit.</summary>
    public const int MaxCount = 100;

    // Reading a dataset checks every pair's headers (seconds for the default 10,400 pairs) and a study asks once per
    // instrument, so the listing is kept per folder. Keyed by the folder's write time too: `dataset synth` stages a new
    // dataset and renames it into place, which gives the folder a new time, and the next study sees the new pairs.
    readonly ConcurrentDictionary<(string Root, DateTime Written), Lazy<PairedDataset>> _datasets = new();

    public async Task<PickedSamples> PickAsync(string instrument, int count, long seed, CancellationToken ct)
    {
        if (!Instruments.All.Contains(instrument, StringComparer.Ordinal))
            throw new InvalidInputException($"'{Shown(instrument)}' is not an instrument (known: {string.Join(", ", Instruments.All)}).");
        if (count is < 1 or > MaxCount) throw new InvalidInputException($"count must be 1 to {MaxCount}, got {count}.");

        var dataset = Dataset();
        var pool = dataset.InSplit(DatasetSplit.Validation).Where(s => s.Label == instrument && s.SoundSpan is null).ToList();
        if (pool.Count < count)
            throw new StudyDatasetUnavailableException(
                $"the studies dataset '{options.Dataset}' has {pool.Count} validation pair(s) of {instrument}; the study needs {count}.");
        var samples = new List<PickedSample>(count);
        foreach (var pair in SeededShuffle.Shuffle(pool, seed, "study:" + instrument).Take(count))
        {
            using var decoded = await SafeImageDecoder.DecodeFileAsync(pair.ImagePath, ct: ct);
            using var square = ImagePreprocessor.CropAndResize(decoded);
            samples.Add(new PickedSample(pair.Name, instrument, await File.ReadAllBytesAsync(pair.SoundPath, ct), PngImageEncoder.Encode(square)));
        }
        return new PickedSamples(samples, options.Dataset, pool.Count);
    }

    /// <summary>A refused name as the message quotes it: control characters as '?' and at most 40 characters, so a
    /// hostile 10,000-character name does not come back as a 10 KB error.</summary>
    static string Shown(string name)
    {
        var clean = new string(name.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return name.Length > 40 ? $"{clean}… ({name.Length} characters)" : clean;
    }

    PairedDataset Dataset()
    {
        string root;
        try { root = paths.Dataset(options.Dataset); }
        catch (InvalidInputException e) when (File.Exists(Path.Combine(paths.Data, StudySamplesOptions.BuildingMarker(options.Dataset))))
        {
            throw new StudyDatasetUnavailableException(
                $"the studies dataset '{options.Dataset}' is being synthesised in the background (a first start makes it; progress in " +
                $"{Path.Combine(paths.Data, options.Dataset)}.log); create the study again when it is done, in a few minutes.", e);
        }
        catch (InvalidInputException e)
        {
            // The name is configuration, not the caller's input: a missing or misplaced folder is the deployment's to fix.
            throw new StudyDatasetUnavailableException(
                $"the studies dataset is not available: {e.Message} Synthesise it (crossmodal dataset synth --out {Path.Combine(paths.Data, options.Dataset)}) " +
                $"or set {StudySamplesOptions.Key} to a dataset folder under {paths.Data}.", e);
        }
        var key = (root, Directory.GetLastWriteTimeUtc(root));
        // Read once for every caller, so no caller's cancellation may cut it short.
        var entry = _datasets.GetOrAdd(key, k => new Lazy<PairedDataset>(() => SubUrmpDatasetReader.Read(k.Root)));
        foreach (var stale in _datasets.Keys.Where(k => k.Root == root && k != key)) _datasets.TryRemove(stale, out _);
        try { return entry.Value; }
        catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException)
        {
            // A failed read is not kept: the next study tries again (the dataset may be being written).
            _datasets.TryRemove(key, out _);
            throw new StudyDatasetUnavailableException($"the studies dataset '{options.Dataset}' cannot be read: {e.Message}", e);
        }
    }
}
