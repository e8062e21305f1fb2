using System.Globalization;
using System.Runtime.InteropServices;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Video;

/// <summary>
/// Builds a paired dataset from performance videos the way the paper composed Sub-URMP: the audio (44.1 kHz mono)
/// is cut into 0.5 s chunks; the first frame of each chunk is its image; chunks at or below −45 dBFS are dropped;
/// videos are split 80/20 per instrument with no video in both splits. Pairs are named
/// <c>&lt;instrument&gt;&lt;NN&gt;_&lt;ms&gt;</c> and written in the <see cref="DatasetLayout"/>, with
/// <c>pairs.csv</c> (split, instrument, video, start_ms, loudness_dbfs, source) and <c>dataset.json</c>.
/// Everything is built in a staging folder beside the output and moved into place at the end: a failure or a
/// cancellation leaves nothing. A video that cannot be used (unreadable, no audio, corrupt) is skipped and reported;
/// the build fails only if no video yields a pair.
/// </summary>
public static class VideoDatasetBuilder
{
    public const string ManifestSource = "videos";

    public static readonly IReadOnlyList<string> PairsColumns =
        ["name", "split", "instrument", "video", "start_ms", "loudness_dbfs", "source"];

    public static async Task<VideoBuildResult> BuildAsync(VideoBuildOptions options, IProgress<VideoBuildProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        var report = new DatasetReport();
        var found = VideoDiscovery.Discover(options.VideosDir, report);
        if (found.Count == 0)
            throw new InvalidInputException($"'{options.VideosDir}': no usable video files ({string.Join(", ", VideoDiscovery.VideoExtensions)}) named after an instrument.");

        using var staging = StagingDirectory.Create(options.OutputDir);
        int total = found.Count, done = 0;

        // Probe first (cheap) so the split is planned over videos that can actually be used.
        var usable = new List<VideoSource>();
        foreach (var video in found)
        {
            progress?.Report(new VideoBuildProgress(done, total, video.Id, "probing"));
            try
            {
                await FfmpegVideoTools.ProbeAsync(video.Path, ct);
                usable.Add(video);
            }
            catch (InvalidInputException e)
            {
                report.Skip(video.Path, SkipReason.BadSource, e.Message);
                done++;
            }
        }
        var plan = VideoSplitPlanner.Plan(usable, options.Seed, options.ValidationFraction, report);

        var rows = new List<IReadOnlyList<string>>();
        var pairs = new List<(DatasetSplit Split, string Label)>();
        int videosUsed = 0;
        foreach (var video in usable)
        {
            ct.ThrowIfCancellationRequested();
            var split = plan[video];
            var work = Path.Combine(staging.Path, ".work", video.Id);
            var written = new List<string>();
            int before = rows.Count;
            try
            {
                await BuildVideoAsync(video, split, staging.Path, work, options, report, rows, written,
                    stage => progress?.Report(new VideoBuildProgress(done, total, video.Id, stage)), ct);
                int made = rows.Count - before;
                pairs.AddRange(Enumerable.Repeat((split, video.Instrument), made));
                if (made > 0) videosUsed++;
                else report.Note($"{video.Id} ({Path.GetFileName(video.Path)}) gave no pairs: every chunk was silent or had no frame.");
            }
            catch (InvalidInputException e)
            {
                foreach (var f in written) File.Delete(f); // a video is in the dataset whole or not at all
                rows.RemoveRange(before, rows.Count - before);
                report.Skip(video.Path, SkipReason.BadSource, e.Message);
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
            done++;
            progress?.Report(new VideoBuildProgress(done, total, video.Id, "done"));
        }
        var workRoot = Path.Combine(staging.Path, ".work");
        if (Directory.Exists(workRoot)) Directory.Delete(workRoot, recursive: true);

        if (rows.Count == 0)
        {
            var reasons = report.Skipped.Where(s => s.Reason == SkipReason.BadSource)
                .Select(s => $"{Path.GetFileName(s.Path)}: {s.Detail}").Take(3);
            throw new InvalidInputException($"no pairs could be built from '{options.VideosDir}'" +
                (reasons.Any() ? $" ({string.Join("; ", reasons)})." : ": every chunk was silent or had no frame."));
        }

        PairMetadataCsv.WriteFile(Path.Combine(staging.Path, DatasetLayout.PairsFile), PairsColumns, rows);
        var manifest = DatasetManifest.CountsOf(pairs, ManifestSource, options.Seed) with
        {
            Skipped = report.CountsByReason().ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            Notes = [.. report.Notes],
        };
        manifest.WriteFile(Path.Combine(staging.Path, DatasetLayout.ManifestFile));
        staging.Commit();
        return new VideoBuildResult(staging.FinalPath, manifest, report, rows.Count, videosUsed);
    }

    static async Task BuildVideoAsync(VideoSource video, DatasetSplit split, string root, string work, VideoBuildOptions options,
        DatasetReport report, List<IReadOnlyList<string>> rows, List<string> written, Action<string> stage, CancellationToken ct)
    {
        Directory.CreateDirectory(work);
        var audioPath = Path.Combine(work, "audio.f32");
        stage("extracting audio");
        await FfmpegVideoTools.ExtractAudioAsync(video.Path, audioPath, ct);
        stage("extracting frames");
        var frames = await FfmpegVideoTools.ExtractChunkFramesAsync(video.Path, Path.Combine(work, "frames"), options.ImageSize, ct);
        if (frames.Count == 0) throw new InvalidInputException("ffmpeg decoded no video frames from it.");

        stage("writing pairs");
        WritePairs(video, split, root, audioPath, frames, report, rows, written, ct);
    }

    /// <summary>Reads the raw audio one chunk at a time (bounded memory for any video length) and writes the pairs.</summary>
    static void WritePairs(VideoSource video, DatasetSplit split, string root, string audioPath, IReadOnlyDictionary<int, string> frames,
        DatasetReport report, List<IReadOnlyList<string>> rows, List<string> written, CancellationToken ct)
    {
        var imageDir = DatasetLayout.ImageDirectory(root, split, video.Instrument);
        var soundDir = DatasetLayout.SoundDirectory(root, split, video.Instrument);
        Directory.CreateDirectory(imageDir);
        Directory.CreateDirectory(soundDir);
        var chunk = new float[DatasetLayout.ChunkSamples];
        var bytes = MemoryMarshal.AsBytes(chunk.AsSpan());
        using var audio = new FileStream(audioPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        for (int k = 0; ; k++)
        {
            ct.ThrowIfCancellationRequested();
            if (audio.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length) break; // a partial last chunk is not a chunk
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("raw float audio is little-endian.");
            int ms = k * DatasetLayout.ChunkMilliseconds;
            var name = new PairName(video.Instrument, video.Piece, ms).ToString();
            double dbfs = Loudness.RmsDbfs(chunk);
            if (!(dbfs > Loudness.SilenceThresholdDbfs))
            {
                report.Skip($"{video.Path}#{ms}ms", SkipReason.Silent, $"{name} at {FormatDb(dbfs)} dBFS");
                continue;
            }
            if (!frames.TryGetValue(k, out var frame))
            {
                report.Skip($"{video.Path}#{ms}ms", SkipReason.NoFrame, $"{name}: the video has no frame in this chunk");
                continue;
            }
            var image = Path.Combine(imageDir, name + ".jpg");
            var sound = Path.Combine(soundDir, name + DatasetLayout.SoundExtension);
            File.Move(frame, image);
            written.Add(image);
            // Plain writes: the whole folder becomes visible atomically at commit, so no per-file rename is needed.
            using (var fs = new FileStream(sound, FileMode.CreateNew, FileAccess.Write))
                WavCodec.Write16(fs, chunk, DatasetLayout.SampleRate);
            written.Add(sound);
            rows.Add([name, split.FolderName(), video.Instrument, video.Id, ms.ToString(CultureInfo.InvariantCulture),
                FormatDb(dbfs), Path.GetFileName(video.Path)]);
        }
    }

    static string FormatDb(double dbfs) => double.IsNegativeInfinity(dbfs) ? "-inf" : dbfs.ToString("0.00", CultureInfo.InvariantCulture);
}
