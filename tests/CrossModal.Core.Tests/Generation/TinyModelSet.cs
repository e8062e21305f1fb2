using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Tests.Models;
using CrossModal.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Tests.Generation;

/// <summary>Random-weight tiny models saved the way the trainer saves them, and tiny sound and image folders.</summary>
internal static class TinyModelSet
{
    static readonly StoredModels.Provenance Tiny = new("tiny", "test", 1, new Dictionary<string, double>());

    public static string Create(string root, bool gans = true)
    {
        TorchSharp.torch.manual_seed(7);
        StoredModels.SaveSoundEncoder(root, new SoundClassifier(TinyConfigs.Sound()), Tiny);
        StoredModels.SaveImageEncoder(root, new ImageClassifier(TinyConfigs.Image), Tiny);
        StoredModels.SaveAutoencoder(root, new StackedAutoencoder(TinyConfigs.Autoencoder), Tiny);
        if (!gans) return root;
        var gan = TinyConfigs.Gan;
        foreach (var v in new[] { "c", "n", "a" })
            StoredModels.SaveGan(root, ModelKinds.S2I, v, null, gan, v == "a" ? StoredModels.AutoencoderId : StoredModels.SoundEncoderId,
                new S2IGenerator(gan), new S2IDiscriminator(gan), Tiny);
        StoredModels.SaveGan(root, ModelKinds.I2S, null, null, gan, StoredModels.ImageEncoderId, new I2SGenerator(gan), new I2SDiscriminator(gan), Tiny);
        return root;
    }

    /// <summary>A sine of 0.8 s at 22,050 Hz (so it is resampled) whose pitch depends on instrument and index.</summary>
    public static float[] Sine(int instrument, int index, int rate = 22_050, double seconds = 0.8, double amplitude = 0.3)
    {
        var f = 220.0 * (1 + instrument) + 17 * index;
        return Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * f * i / rate))).ToArray();
    }

    public static string SoundFolder(string root, IEnumerable<string> instruments, int perInstrument)
    {
        foreach (var name in instruments)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            for (var k = 0; k < perInstrument; k++)
                WavCodec.WriteFile16(Path.Combine(root, name, $"{name}{k}.wav"), Sine(Instruments.IndexOf(name), k), 22_050);
        }
        return root;
    }

    public static void Picture(string path, int instrument, int index)
    {
        using var image = new Image<Rgb24>(80, 60, new Rgb24((byte)(instrument * 19), (byte)(index * 40), 120));
        PngImageEncoder.WriteFile(path, image);
    }

    public static string ImageFolder(string root, IEnumerable<string> instruments, int perInstrument)
    {
        foreach (var name in instruments)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            for (var k = 0; k < perInstrument; k++) Picture(Path.Combine(root, name, $"{name}{k}.png"), Instruments.IndexOf(name), k);
        }
        return root;
    }
}
