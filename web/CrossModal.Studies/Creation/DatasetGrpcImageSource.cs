using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Protos.V1;
using CrossModal.Studies.Domain;
using Google.Protobuf;

namespace CrossModal.Studies.Creation;

/// <summary>
/// Sounds and ground-truth frames from a paired dataset's validation split (read with core's Sub-URMP reader), images
/// from the generator service's SoundToImage with the raw WAV, one model variant per method.
/// </summary>
public sealed class DatasetGrpcImageSource(StudiesOptions options, GeneratorService.GeneratorServiceClient generator) : IStudyImageSource
{
    PairedDataset? _dataset;
    readonly SemaphoreSlim _readLock = new(1, 1);

    public async Task<IReadOnlyList<StudySample>> PickSamplesAsync(string instrument, int count, long seed, CancellationToken ct)
    {
        var dataset = await DatasetAsync(ct);
        var pool = dataset.InSplit(DatasetSplit.Validation).Where(s => s.Label == instrument && s.SoundSpan is null).ToList();
        if (pool.Count < count)
            throw new InvalidInputException($"the dataset '{dataset.Root}' has {pool.Count} validation pair(s) of {instrument}; the study needs {count}.");
        var picked = SeededShuffle.Shuffle(pool, seed, "study:" + instrument).Take(count);
        var samples = new List<StudySample>(count);
        foreach (var p in picked)
        {
            // The ground truth is cut and scaled exactly as the models see their training images, so only the
            // method, not the size or framing, tells it apart.
            using var decoded = await SafeImageDecoder.DecodeFileAsync(p.ImagePath, ct: ct);
            using var square = ImagePreprocessor.CropAndResize(decoded);
            samples.Add(new StudySample(p.Name, PngImageEncoder.Encode(square), await File.ReadAllBytesAsync(p.SoundPath, ct)));
        }
        return samples;
    }

    public async Task<byte[]> GenerateAsync(string method, string instrument, StudySample sample, long seed, CancellationToken ct)
    {
        var variant = StudyMethods.Variant(method) ?? throw new ArgumentException("the ground truth is not generated", nameof(method));
        var request = new SoundToImageRequest { Wav = ByteString.CopyFrom(sample.Wav), Variant = variant, Count = 1, Seed = seed };
        if (variant == "pose") request.Instrument = instrument;
        var reply = await generator.SoundToImageAsync(request, cancellationToken: ct);
        if (reply.Png.Count != 1) throw new InvalidOperationException($"the generator returned {reply.Png.Count} images for {method}, expected 1.");
        return reply.Png[0].ToByteArray();
    }

    async Task<PairedDataset> DatasetAsync(CancellationToken ct)
    {
        await _readLock.WaitAsync(ct);
        try
        {
            return _dataset ??= await Task.Run(() => SubUrmpDatasetReader.Read(options.DatasetPath, ct: ct), ct);
        }
        finally { _readLock.Release(); }
    }
}
