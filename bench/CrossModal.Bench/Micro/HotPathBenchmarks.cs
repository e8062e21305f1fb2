using BenchmarkDotNet.Attributes;
using CrossModal.Bench.Audio;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Bench.Micro;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the per-request hot paths outside libtorch's kernels: WAV decoding, the LMS of
/// one chunk, and PNG encoding of one generated 64x64 image (what every S2I request pays besides the forward pass).
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    byte[] wav = [];
    float[] chunk = [];
    readonly float[] lms = new float[AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames];
    Tensor image = null!;

    [GlobalSetup]
    public void Setup()
    {
        chunk = TestChunks.Make(1)[0];
        wav = TestChunks.Wav(chunk);
        manual_seed(1);
        image = rand(3, 64, 64) * 2 - 1;
    }

    [GlobalCleanup]
    public void Cleanup() => image.Dispose();

    [Benchmark(Description = "WAV decode (0.5 s, 16-bit)")]
    public int DecodeWav() => WavCodec.Read(wav).Samples.Length;

    [Benchmark(Description = "LMS of one chunk (C#)")]
    public float Lms()
    {
        MelSpectrogram.Compute(chunk, lms, log: true);
        return lms[0];
    }

    [Benchmark(Description = "tensor → PNG of one 64x64 image")]
    public int EncodePng()
    {
        using var batch = image.unsqueeze(0);
        using var decoded = ImageTensors.FromBatch(batch)[0];
        return PngImageEncoder.Encode(decoded).Length;
    }
}
