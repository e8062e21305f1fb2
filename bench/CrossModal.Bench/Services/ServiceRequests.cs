using CrossModal.Protos.V1;
using Google.Protobuf;

namespace CrossModal.Bench.Services;

/// <summary>The requests the service harnesses send (S2I-C from the starter set unless told otherwise).</summary>
public static class ServiceRequests
{
    public const string Model = "s2i-c";

    public static SoundToImageRequest FromEmbedding(float[] embedding, int count, long seed)
    {
        var request = new SoundToImageRequest { ModelId = Model, Count = count, Seed = seed, Embedding = new Embedding() };
        request.Embedding.Values.Add(embedding);
        return request;
    }

    public static SoundToImageRequest FromWav(byte[] wav, int count, long seed) =>
        new() { ModelId = Model, Count = count, Seed = seed, Wav = ByteString.CopyFrom(wav) };

    public static EncodeAudioRequest Encode(byte[] wav) => new() { Wav = ByteString.CopyFrom(wav), Encoder = "classifier" };
}
