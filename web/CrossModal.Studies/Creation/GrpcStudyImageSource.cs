using CrossModal.Protos.V1;
using CrossModal.Studies.Domain;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.Studies.Creation;

/// <summary>
/// A study's inputs from the services that own them: validation pairs (WAV and 64x64 ground truth) from the evaluator's
/// StudySamplesService, which mounts the datasets, and images from the generator's SoundToImage with the raw WAV, one
/// model variant (or model id) per method. The web app reads no dataset from disk, so studies generate wherever the services run.
/// </summary>
public sealed class GrpcStudyImageSource(StudySamplesService.StudySamplesServiceClient samples, GeneratorService.GeneratorServiceClient generator)
    : IStudyImageSource
{
    public async Task<IReadOnlyList<StudySample>> PickSamplesAsync(string instrument, int count, long seed, CancellationToken ct)
    {
        var reply = await Call("evaluator", () => samples.PickSamplesAsync(new PickSamplesRequest { Instrument = instrument, Count = count, Seed = seed }, cancellationToken: ct).ResponseAsync);
        if (reply.Samples.Count != count)
            throw new InvalidOperationException($"the evaluator's study samples returned {reply.Samples.Count} pair(s) of {instrument}, expected {count}.");
        return reply.Samples.Select(s => new StudySample(s.Name, s.GroundTruthPng.ToByteArray(), s.Wav.ToByteArray())).ToList();
    }

    public async Task<byte[]> GenerateAsync(string method, string instrument, StudySample sample, long seed, CancellationToken ct)
    {
        var variant = StudyMethods.Variant(method) ?? throw new ArgumentException("the ground truth is not generated", nameof(method));
        var request = new SoundToImageRequest { Wav = ByteString.CopyFrom(sample.Wav), Variant = variant, Count = 1, Seed = seed };
        if (variant == "pose") request.Instrument = instrument;
        if (StudyMethods.ModelId(method) is { } model) request.ModelId = model;
        var reply = await Call("generator", () => generator.SoundToImageAsync(request, cancellationToken: ct).ResponseAsync);
        if (reply.Png.Count != 1) throw new InvalidOperationException($"the generator returned {reply.Png.Count} images for {method}, expected 1.");
        return reply.Png[0].ToByteArray();
    }

    static async Task<T> Call<T>(string service, Func<Task<T>> call)
    {
        try { return await call(); }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled) { throw new StudySourceException(service, e); }
    }
}
