using CrossModal.Core.Audio;
using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Tests.Training;
using CrossModal.Domain;
using TorchSharp;

namespace CrossModal.Core.Tests.Generation;

/// <summary>
/// A model set computes where its <see cref="DevicePlacement"/> says: with CUDA every module it loads and every tensor
/// an inference makes go to CUDA and the results come back to the CPU before they are encoded; on the CPU nothing moves.
/// Recorded through <see cref="RecordingDeviceTransfer"/> (no CUDA build here), and checked for real with libtorch's
/// transfer on the meta device, which every build has.
/// </summary>
[Collection(SerialTrainingCollection.Name)]
public sealed class DevicePlacementTests : IDisposable
{
    static readonly LmsInversion.Options CheapInversion = new(GriffinLimIterations: 2, NnlsIterations: 2);
    readonly TempDir dir = new();
    readonly string store;

    public DevicePlacementTests() => store = TinyModelSet.Create(dir.Sub("models"));

    public void Dispose() => dir.Dispose();

    static float[] Lms() => ChunkAudio.Lms(ChunkAudio.ToModelChunk(new AudioClip(TinyModelSet.Sine(2, 0), 22_050)));

    static float[] Picture() => Enumerable.Range(0, 3 * 64 * 64).Select(i => (i % 97) / 48.5f - 1f).ToArray();

    static long[] Shape(params long[] dims) => dims;

    /// <summary>CUDA named without initialising it (<c>torch.CUDA</c> would load the CUDA backend, which this build lacks).</summary>
    static readonly torch.Device Cuda = new(DeviceType.CUDA);

    [Fact]
    public void With_cuda_every_loaded_module_and_inference_input_goes_to_cuda_and_results_come_back_to_the_cpu()
    {
        var moves = new RecordingDeviceTransfer();
        using var models = ModelSet.Open(store, new DevicePlacement(Cuda, moves));

        var images = new SoundToImage(models).FromLms(Lms(), "s2i-c", 2, seed: 5);
        var s2i = models.Generator("s2i-c");
        var embedding = s2i.Encoder.EmbeddingSize;
        var noise = s2i.Network.NoiseSize;
        // In order: the LMS in, its embedding out; then the noise and the conditions in, the images out.
        Assert.Equal(
            [(Shape(1, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames), DeviceType.CUDA), (Shape(1, embedding), DeviceType.CPU),
             (Shape(2, noise), DeviceType.CUDA), (Shape(2, embedding), DeviceType.CUDA), (Shape(2, 3, 64, 64), DeviceType.CPU)],
            moves.Tensors.Select(t => (t.Shape, t.To)));
        Assert.Equal(2, images.Png.Count);

        var s2iMoves = moves.Tensors.Count;
        var sound = new ImageToSound(models).FromPixels(Picture(), seed: 3, CheapInversion);
        var i2s = models.Generator(StoredModels.I2SId);
        // The image and the noise in; the LMS out twice (the generator's 128 x 34 and the chunk-size 128 x 44).
        Assert.Equal(
            [(Shape(1, 3, 64, 64), DeviceType.CUDA), (Shape(1, i2s.Network.NoiseSize), DeviceType.CUDA),
             (Shape(1, 1, 128, 34), DeviceType.CPU), (Shape(1, 1, 128, 44), DeviceType.CPU)],
            moves.Tensors.Skip(s2iMoves).Select(t => (t.Shape, t.To)));
        Assert.NotEmpty(sound.Wav);

        // Every network the two generations loaded (each generator and the encoder of its conditions) went to CUDA.
        Assert.All(moves.Modules, m => Assert.Equal(DeviceType.CUDA, m.To));
        var moved = moves.Modules.Select(m => m.Module).ToHashSet(ReferenceEqualityComparer.Instance);
        Assert.Contains(s2i.Network, moved);
        Assert.Contains(s2i.Encoder, moved);
        Assert.Contains((object)models.SoundClassifier, moved);   // the network inside S2I's LMS embedder
        Assert.Contains(i2s.Network, moved);
        Assert.Contains(i2s.Encoder, moved);
    }

    [Fact]
    public void What_is_encoded_as_png_and_wav_is_what_came_back_from_the_device()
    {
        // The recorder hands back zeros for every result sent to the CPU: the PNG is then mid-grey and the LMS all 0 dB,
        // which they would not be if the read-out took the device's tensor directly.
        var moves = new RecordingDeviceTransfer { ZeroResults = true };
        using var models = ModelSet.Open(store, new DevicePlacement(Cuda, moves));

        var images = new SoundToImage(models).FromLms(Lms(), "s2i-c", 1, seed: 5);
        Assert.All(images.Pixels, v => Assert.Equal(0f, v));
        using var png = SafeImageDecoder.Decode(images.Png[0]);
        Assert.All(ImageTensors.ToChw(png), v => Assert.InRange(v, -0.01f, 0.01f));

        var sound = new ImageToSound(models).FromPixels(Picture(), seed: 3, CheapInversion);
        Assert.All(sound.GeneratedLms.Data, v => Assert.Equal(0f, v));
        Assert.All(sound.Lms.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void On_the_cpu_nothing_moves()
    {
        var moves = new RecordingDeviceTransfer();
        using var models = ModelSet.Open(store, new DevicePlacement(torch.CPU, moves));
        var lms = Lms();

        var placed = new SoundToImage(models).FromLms(lms, "s2i-c", 2, seed: 5);
        new ImageToSound(models).FromPixels(Picture(), seed: 3, CheapInversion);
        using (torch.NewDisposeScope())
        using (torch.inference_mode())
            new SoundToImage(models).GenerateEach(torch.tensor(lms, [1, 1, 128, 44]), "s2i-c", [5]);

        Assert.Empty(moves.Modules);
        Assert.Empty(moves.Tensors);
        // And the images are those of a set opened without any placement (the CLI's and the evaluators' default).
        using var plain = ModelSet.Open(store);
        Assert.Equal(new SoundToImage(plain).FromLms(lms, "s2i-c", 2, seed: 5).Pixels, placed.Pixels);
    }

    [Fact]
    public void Libtorchs_transfer_really_moves_a_loaded_model_and_its_weights_outlive_the_dispose_scope_it_was_loaded_in()
    {
        // The meta device holds shapes without data and exists in every libtorch build: a real move off the CPU here.
        var meta = new torch.Device(DeviceType.META);
        using var models = ModelSet.Open(store, new DevicePlacement(meta));
        LoadedGenerator g;
        using (torch.NewDisposeScope()) g = models.Generator("s2i-c");   // loaded under a caller's scope, as a service worker does

        var parameters = g.Network.parameters().Concat(((torch.nn.Module)models.SoundClassifier).parameters()).ToList();
        Assert.NotEmpty(parameters);
        // Reading the device of a tensor the scope freed would throw: the moved weights were taken out of the scope.
        Assert.All(parameters, p => Assert.Equal(DeviceType.META, p.device_type));
        using var input = torch.zeros(2, 3);
        using var placed = models.Placement.Input(input);
        Assert.Equal(DeviceType.META, placed.device_type);
    }
}
