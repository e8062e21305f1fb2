using System.IO.Compression;
using CrossModal.Clients;
using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>
/// Sound → Image for the page: the generator makes the images from the WAV (encoding it with the GAN's own sound
/// encoder), the evaluator's image classifier (the paper's judge Γ) labels each one. The two steps fail separately so that
/// a gallery survives an evaluator that is down (it is labelled later, on Retry).
/// </summary>
public sealed class SoundToImageFlow(
    GeneratorService.GeneratorServiceClient generator, EvaluatorService.EvaluatorServiceClient evaluator, MediaStore media)
{
    /// <summary>The generator's limit per request is 64; a gallery of 32 is plenty on a phone.</summary>
    public const int MaxCount = 32;

    public async Task<SoundToImageResult> GenerateAsync(UploadedFile wav, string modelId, int count, long seed, CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > MaxCount) throw new InvalidUploadException($"The number of images must be 1..{MaxCount}, got {count}.");
        var request = new SoundToImageRequest { Wav = Google.Protobuf.ByteString.CopyFrom(wav.Bytes), ModelId = modelId, Count = count, Seed = seed };
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.SoundToImageAsync(request, cancellationToken: cancellationToken));
        var images = response.Png.Select((png, i) =>
        {
            var bytes = png.ToByteArray();
            var name = $"{response.ModelId}-seed{seed}-{i + 1:00}.png";
            return new GeneratedImage(i, bytes, name, media.Put(bytes, "image/png", name));
        }).ToList();
        return new SoundToImageResult(response.ModelId, seed, images);
    }

    /// <summary>The judge's prediction for each image, in order.</summary>
    public async Task<IReadOnlyList<GeneratedImage>> ClassifyAsync(IReadOnlyList<GeneratedImage> images, CancellationToken cancellationToken = default)
    {
        var request = new ClassifyImagesRequest();
        request.Images.AddRange(images.Select(i => Google.Protobuf.ByteString.CopyFrom(i.Png)));
        var response = await ServiceCall.RunAsync(ServiceAddresses.Evaluator,
            async () => await evaluator.ClassifyImagesAsync(request, cancellationToken: cancellationToken));
        if (response.Predictions.Count != images.Count)
            throw new ServiceCallException(new ServiceFailure(ServiceAddresses.Evaluator, Grpc.Core.StatusCode.Internal,
                $"it answered {response.Predictions.Count} predictions for {images.Count} images"));
        return images.Select((image, i) => image with { Prediction = response.Predictions[i] }).ToList();
    }

    /// <summary>Every image of a gallery in one zip, stored for download.</summary>
    public string Zip(SoundToImageResult result)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var image in result.Images)
            {
                // PNGs are compressed already: storing them is as small and much faster.
                var entry = zip.CreateEntry(image.FileName, CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(image.Png);
            }
        var name = $"{result.ModelId}-seed{result.Seed}.zip";
        return media.Put(buffer.ToArray(), "application/zip", name);
    }

    /// <summary>The uploaded sound, fetchable by the page's audio element.</summary>
    public string StoreInput(UploadedFile wav) => media.Put(wav.Bytes, "audio/wav", wav.Name.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) ? wav.Name : "input.wav");
}
