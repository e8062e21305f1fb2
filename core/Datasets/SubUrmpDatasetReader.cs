using CrossModal.Domain;
namespace CrossModal.Core.Datasets;

/// <summary>
/// Reads a dataset in the released Sub-URMP layout (see <see cref="DatasetLayout"/>), which is also the layout
/// every dataset this project writes uses. Pairs are matched by name within split and instrument. Nothing is
/// dropped silently: unpaired files, bad names, unreadable files, unknown instrument folders and stray files are
/// listed in the report with their reason. Optional <c>pairs.csv</c> columns become each pair's metadata.
/// </summary>
public static class SubUrmpDatasetReader
{
    public static PairedDataset Read(string root, DatasetVerification verification = DatasetVerification.Headers, CancellationToken ct = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new InvalidInputException($"'{root}': dataset folder not found.");
        string imgRoot = Path.Combine(root, DatasetLayout.ImageFolder), chunkRoot = Path.Combine(root, DatasetLayout.SoundFolder);
        bool hasImg = Directory.Exists(imgRoot), hasChunk = Directory.Exists(chunkRoot);
        if (!hasImg && !hasChunk)
            throw new InvalidInputException($"'{root}' is not a paired dataset: it has neither an img/ nor a chunk/ folder.");
        if (!hasImg || !hasChunk)
            throw new InvalidInputException($"'{root}' is not a paired dataset: it has {(hasImg ? "img/ but no chunk/" : "chunk/ but no img/")} folder.");

        var report = new DatasetReport();
        var manifest = ReadManifest(root, report);
        var pairsCsv = ReadPairsCsv(root, report);

        foreach (var top in new[] { imgRoot, chunkRoot })
        {
            foreach (var dir in Directory.EnumerateDirectories(top))
                if (!DatasetSplits.TryParseFolder(Path.GetFileName(dir), out _))
                    SkipTree(dir, report, SkipReason.UnexpectedFile, $"'{Path.GetFileName(dir)}' is not a split folder (train, validation)");
            foreach (var file in Directory.EnumerateFiles(top))
                report.Skip(file, SkipReason.UnexpectedFile, "file outside any split folder");
        }

        var samples = new List<PairedSample>();
        foreach (var split in DatasetSplits.All)
        {
            string imgSplit = Path.Combine(imgRoot, split.FolderName()), chunkSplit = Path.Combine(chunkRoot, split.FolderName());
            foreach (var stray in Files(imgSplit).Concat(Files(chunkSplit)))
                report.Skip(stray, SkipReason.UnexpectedFile, "file outside any instrument folder");
            var folders = Subfolders(imgSplit).Union(Subfolders(chunkSplit)).Order(StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                ct.ThrowIfCancellationRequested();
                int index = Instruments.IndexOf(folder);
                if (index < 0)
                {
                    report.Note($"unknown instrument folder '{split.FolderName()}/{folder}' skipped (instruments: {string.Join(", ", Instruments.All)}).");
                    SkipTree(Path.Combine(imgSplit, folder), report, SkipReason.UnknownLabel, $"'{folder}' is not one of the {Instruments.Count} instruments");
                    SkipTree(Path.Combine(chunkSplit, folder), report, SkipReason.UnknownLabel, $"'{folder}' is not one of the {Instruments.Count} instruments");
                    continue;
                }
                ReadInstrumentFolder(split, folder, Instruments.All[index], index,
                    Path.Combine(imgSplit, folder), Path.Combine(chunkSplit, folder), pairsCsv, verification, report, samples, ct);
            }
        }

        NoteVideosInBothSplits(samples, report);
        if (pairsCsv is not null)
        {
            var names = samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            int orphans = pairsCsv.Rows.Keys.Count(n => !names.Contains(n));
            if (orphans > 0) report.Note($"{orphans} row(s) of {DatasetLayout.PairsFile} name no pair in the dataset.");
        }
        return new PairedDataset(root, Instruments.All, samples, report, manifest);
    }

    static void ReadInstrumentFolder(DatasetSplit split, string folder, string instrument, int index,
        string imageDir, string soundDir, PairMetadataCsv? pairsCsv, DatasetVerification verification,
        DatasetReport report, List<PairedSample> samples, CancellationToken ct)
    {
        var images = ByName(Files(imageDir), DatasetLayout.IsImageFile, "image", report);
        var sounds = ByName(Files(soundDir), DatasetLayout.IsSoundFile, "sound", report);
        foreach (var name in images.Keys.Union(sounds.Keys).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            images.TryGetValue(name, out var image);
            sounds.TryGetValue(name, out var sound);
            if (!PairName.TryParse(name, folder, out var parsed))
            {
                foreach (var f in new[] { image, sound }.OfType<string>())
                    report.Skip(f, SkipReason.BadName, $"'{name}' does not follow <instrument><NN>_<ms> with instrument '{instrument}'");
                continue;
            }
            if (sound is null)
            {
                report.Skip(image!, SkipReason.ImageWithoutSound,
                    $"no sound {DatasetLayout.SoundFolder}/{split.FolderName()}/{folder}/{name}{DatasetLayout.SoundExtension}");
                continue;
            }
            if (image is null)
            {
                report.Skip(sound, SkipReason.SoundWithoutImage, $"no image {DatasetLayout.ImageFolder}/{split.FolderName()}/{folder}/{name}.jpg");
                continue;
            }
            if (PairFileChecks.ImageProblem(image, verification) is string imageProblem)
            {
                report.Skip(image, SkipReason.UnreadableImage, imageProblem);
                continue;
            }
            if (PairFileChecks.SoundProblem(sound, verification) is string soundProblem)
            {
                report.Skip(sound, SkipReason.UnreadableSound, soundProblem);
                continue;
            }
            samples.Add(new PairedSample(name, split, instrument, index, parsed.Video, parsed.StartMs, image, sound,
                SoundSpan: null, pairsCsv?.For(name) ?? PairedSample.NoMetadata));
        }
    }

    /// <summary>Files by name without extension; other files and second claimants of a name go to the report.</summary>
    static Dictionary<string, string> ByName(IEnumerable<string> files, Func<string, bool> accept, string kind, DatasetReport report)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in files.Order(StringComparer.Ordinal))
        {
            if (!accept(f)) { report.Skip(f, SkipReason.UnexpectedFile, $"not a {kind} file"); continue; }
            var name = Path.GetFileNameWithoutExtension(f);
            if (!byName.TryAdd(name, f))
                report.Skip(f, SkipReason.DuplicateName, $"another {kind} is already named '{name}' ({Path.GetFileName(byName[name])})");
        }
        return byName;
    }

    static void NoteVideosInBothSplits(List<PairedSample> samples, DatasetReport report)
    {
        var leaking = samples.Where(s => s.VideoId is not null).GroupBy(s => s.VideoId!)
            .Where(g => g.Select(s => s.Split).Distinct().Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        if (leaking.Count > 0)
            report.Note($"video(s) present in both train and validation (validation is not independent): {string.Join(", ", leaking)}.");
    }

    static DatasetManifest? ReadManifest(string root, DatasetReport report)
    {
        var path = Path.Combine(root, DatasetLayout.ManifestFile);
        if (!File.Exists(path)) return null;
        try { return DatasetManifest.ReadFile(path); }
        catch (InvalidInputException e) { report.Note($"manifest ignored: {e.Message}"); return null; }
    }

    static PairMetadataCsv? ReadPairsCsv(string root, DatasetReport report)
    {
        var path = Path.Combine(root, DatasetLayout.PairsFile);
        if (!File.Exists(path)) return null;
        try { return PairMetadataCsv.ReadFile(path); }
        catch (InvalidInputException e) { report.Note($"pair metadata ignored: {e.Message}"); return null; }
    }

    static void SkipTree(string dir, DatasetReport report, SkipReason reason, string detail)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            report.Skip(f, reason, detail);
    }

    static IEnumerable<string> Files(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir) : [];

    static IEnumerable<string> Subfolders(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateDirectories(dir).Select(d => Path.GetFileName(d)!) : [];
}
