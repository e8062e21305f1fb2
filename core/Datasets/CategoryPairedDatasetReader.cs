using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Core.Datasets;

/// <summary>Options for <see cref="CategoryPairedDatasetReader"/>.</summary>
/// <param name="Seed">Drives the split and the pairing; the same seed gives the same dataset.</param>
/// <param name="ValidationFraction">Share of each class's images (and recordings, where there are two or more) held out.</param>
public sealed record CategoryReadOptions(
    long Seed = 0,
    double ValidationFraction = 0.2,
    DatasetVerification Verification = DatasetVerification.Headers);

/// <summary>
/// Reads a category-paired dataset in the INIS style: <c>images/&lt;class&gt;/*.{jpg,png,webp,bmp}</c> and
/// <c>sounds/&lt;class&gt;/*.wav</c>, where images and sounds share only their class. Recordings are cut into
/// 0.5 s chunks (dropping those at or below −45 dBFS, as for Sub-URMP), and each image is paired with a chunk of
/// its class drawn at random: the seeded shuffle of the class's chunks is dealt out in turn, so chunks are used
/// evenly. Images are split per class; recordings too when a class has two or more, so validation sounds come from
/// recordings never heard in training. Classes are any folder names present on both sides, in ordinal order.
/// </summary>
public static class CategoryPairedDatasetReader
{
    public const string ImagesFolder = "images", SoundsFolder = "sounds";

    public static PairedDataset Read(string root, CategoryReadOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CategoryReadOptions();
        if (options.ValidationFraction is < 0 or >= 1 || double.IsNaN(options.ValidationFraction))
            throw new InvalidInputException($"validation fraction must be in [0, 1), got {options.ValidationFraction}.");
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new InvalidInputException($"'{root}': dataset folder not found.");
        string imagesRoot = Path.Combine(root, ImagesFolder), soundsRoot = Path.Combine(root, SoundsFolder);
        if (!Directory.Exists(imagesRoot) || !Directory.Exists(soundsRoot))
            throw new InvalidInputException($"'{root}' is not a category-paired dataset: it needs both an {ImagesFolder}/ and a {SoundsFolder}/ folder.");

        var report = new DatasetReport();
        var imageClasses = Subfolders(imagesRoot);
        var soundClasses = Subfolders(soundsRoot);
        foreach (var c in imageClasses.Except(soundClasses)) SkipClass(Path.Combine(imagesRoot, c), c, "has images but no sounds", report);
        foreach (var c in soundClasses.Except(imageClasses)) SkipClass(Path.Combine(soundsRoot, c), c, "has sounds but no images", report);

        var labels = new List<string>();
        var samples = new List<PairedSample>();
        foreach (var label in imageClasses.Intersect(soundClasses).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var pairs = ReadClass(label, labels.Count, Path.Combine(imagesRoot, label), Path.Combine(soundsRoot, label), options, report, ct);
            if (pairs.Count == 0) { report.Note($"class '{label}' has no usable pairs and is left out."); continue; }
            labels.Add(label);
            samples.AddRange(pairs);
        }
        if (labels.Count == 0) throw new InvalidInputException($"'{root}': no class has both usable images and usable sounds.");
        return new PairedDataset(root, labels, samples, report, Manifest: null);
    }

    sealed record Chunk(string Path, SoundSpan Span, int StartMs);

    static List<PairedSample> ReadClass(string label, int labelIndex, string imageDir, string soundDir,
        CategoryReadOptions options, DatasetReport report, CancellationToken ct)
    {
        var images = new List<string>();
        foreach (var f in Directory.EnumerateFiles(imageDir).Order(StringComparer.Ordinal))
        {
            if (!DatasetLayout.IsImageFile(f)) { report.Skip(f, SkipReason.UnexpectedFile, "not an image file"); continue; }
            if (PairFileChecks.ImageProblem(f, options.Verification) is string problem) { report.Skip(f, SkipReason.UnreadableImage, problem); continue; }
            images.Add(f);
        }
        var recordings = new List<(string Path, List<Chunk> Chunks)>();
        foreach (var f in Directory.EnumerateFiles(soundDir).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            if (!DatasetLayout.IsSoundFile(f)) { report.Skip(f, SkipReason.UnexpectedFile, "not a WAV file"); continue; }
            var chunks = AudibleChunks(f, report);
            if (chunks is not null) recordings.Add((f, chunks));
        }
        if (images.Count == 0 || recordings.Count == 0) return [];

        var shuffledImages = SeededShuffle.Shuffle(images, options.Seed, "images/" + label);
        int validationImages = SeededShuffle.ValidationCount(images.Count, options.ValidationFraction);
        var shuffledRecordings = SeededShuffle.Shuffle(recordings, options.Seed, "sounds/" + label);
        int validationRecordings = SeededShuffle.ValidationCount(recordings.Count, options.ValidationFraction);
        if (validationImages > 0 && validationRecordings == 0)
            report.Note($"class '{label}' has a single recording: its validation pairs reuse sounds from training.");

        var samples = new List<PairedSample>();
        foreach (var split in DatasetSplits.All)
        {
            var splitImages = split == DatasetSplit.Validation ? shuffledImages.Take(validationImages) : shuffledImages.Skip(validationImages);
            var splitRecordings = validationRecordings == 0 ? shuffledRecordings
                : split == DatasetSplit.Validation ? shuffledRecordings.Take(validationRecordings) : shuffledRecordings.Skip(validationRecordings);
            var deck = SeededShuffle.Shuffle(splitRecordings.SelectMany(r => r.Chunks), options.Seed, $"chunks/{split.FolderName()}/{label}");
            int next = 0;
            foreach (var image in splitImages.Order(StringComparer.Ordinal))
            {
                var chunk = deck[next++ % deck.Count];
                samples.Add(new PairedSample(Path.GetFileNameWithoutExtension(image), split, label, labelIndex,
                    Video: null, chunk.StartMs, image, chunk.Path, chunk.Span, PairedSample.NoMetadata));
            }
        }
        return samples;
    }

    /// <summary>The recording's whole 0.5 s chunks above the loudness threshold, or null (reported) if there are none.</summary>
    static List<Chunk>? AudibleChunks(string path, DatasetReport report)
    {
        AudioClip clip;
        try { clip = WavCodec.ReadFile(path); }
        catch (InvalidInputException e) { report.Skip(path, SkipReason.UnreadableSound, e.Message); return null; }
        int chunkSamples = (int)Math.Round(clip.SampleRate * DatasetLayout.ChunkMilliseconds / 1000.0);
        var chunks = new List<Chunk>();
        int silent = 0;
        for (long start = 0; start + chunkSamples <= clip.Samples.Length; start += chunkSamples)
        {
            if (!Loudness.IsAudible(clip.Samples.AsSpan((int)start, chunkSamples))) { silent++; continue; }
            chunks.Add(new Chunk(path, new SoundSpan(start, chunkSamples), (int)(start * 1000 / clip.SampleRate)));
        }
        if (chunks.Count == 0)
        {
            report.Skip(path, SkipReason.BadSource, clip.Samples.Length < chunkSamples
                ? $"shorter than one {DatasetLayout.ChunkMilliseconds} ms chunk"
                : $"every {DatasetLayout.ChunkMilliseconds} ms chunk is at or below {Loudness.SilenceThresholdDbfs} dBFS");
            return null;
        }
        if (silent > 0) report.Skip(path, SkipReason.Silent, $"{silent} chunk(s) at or below {Loudness.SilenceThresholdDbfs} dBFS left out");
        return chunks;
    }

    static void SkipClass(string dir, string label, string why, DatasetReport report)
    {
        report.Note($"class '{label}' {why}: left out.");
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            report.Skip(f, SkipReason.UnknownLabel, $"class '{label}' {why}");
    }

    static List<string> Subfolders(string dir) => Directory.EnumerateDirectories(dir).Select(d => Path.GetFileName(d)!).ToList();
}
