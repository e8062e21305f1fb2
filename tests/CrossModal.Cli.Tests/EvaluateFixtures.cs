using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using CrossModal.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Cli.Tests;

/// <summary>
/// What the evaluate / generate / report / experiment tests run on: random-weight tiny models saved the way the
/// trainer saves them, and tiny synthetic sounds, images and a Sub-URMP-layout dataset written in the test. This
/// tests plumbing, not quality.
/// </summary>
internal static class EvaluateFixtures
{
    static readonly StoredModels.Provenance Tiny = new("tiny", "test", 1, new Dictionary<string, double>());
    public static readonly string[] Two = ["cello", "flute"];

    public static string Models(string root)
    {
        TorchSharp.torch.manual_seed(11);
        var gan = new GanConfig { GeneratorFilters = 2, DiscriminatorFilters = 2, NoiseSize = 8, ConditionSize = 4, I2SMapChannels = 4 };
        StoredModels.SaveSoundEncoder(root, new SoundClassifier(new SoundClassifierConfig { ConvChannels = [2, 2, 4, 4], HiddenUnits = 16 }), Tiny);
        StoredModels.SaveImageEncoder(root, new ImageClassifier(new ImageClassifierConfig { ConvChannels = [2, 2, 2, 2, 4, 4], HiddenUnits = 16 }), Tiny);
        StoredModels.SaveAutoencoder(root, new StackedAutoencoder(new AutoencoderConfig { StackChannels = [2, 2, 2] }), Tiny);
        foreach (var v in new[] { "c", "n", "a" })
            StoredModels.SaveGan(root, ModelKinds.S2I, v, null, gan, v == "a" ? StoredModels.AutoencoderId : StoredModels.SoundEncoderId,
                new S2IGenerator(gan), new S2IDiscriminator(gan), Tiny);
        StoredModels.SaveGan(root, ModelKinds.I2S, null, null, gan, StoredModels.ImageEncoderId, new I2SGenerator(gan), new I2SDiscriminator(gan), Tiny);
        return root;
    }

    /// <summary>Adds the product's default S2I generator (a recipe's s2iDefault step saves it like this: an arm of variant c).</summary>
    public static void AddProductDefault(string root)
    {
        var gan = new GanConfig { GeneratorFilters = 2, DiscriminatorFilters = 2, NoiseSize = 8, ConditionSize = 4, I2SMapChannels = 4 };
        StoredModels.SaveGan(root, ModelKinds.S2I, S2IVariant.Classifier, null, gan, StoredModels.SoundEncoderId,
            new S2IGenerator(gan), new S2IDiscriminator(gan), Tiny, arm: S2IModelIds.DefaultArm);
    }

    public static float[] Sine(int instrument, int index, int rate = 44_100, double seconds = 0.5)
    {
        var f = 220.0 * (1 + instrument) + 17 * index;
        return Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * f * i / rate))).ToArray();
    }

    public static void Picture(string path, int instrument, int index)
    {
        using var image = new Image<Rgb24>(80, 60, new Rgb24((byte)(instrument * 19), (byte)(index * 40), 120));
        if (path.EndsWith(".jpg")) image.SaveAsJpeg(path); else PngImageEncoder.WriteFile(path, image);
    }

    /// <summary>
    /// Sub-URMP layout: img/ and chunk/ with train and validation pairs, e.g. cello01_0.jpg + cello01_0.wav; training pairs
    /// come from video 1, validation pairs from videos 2 .. 1 + <paramref name="validationVideos"/> in turn.
    /// </summary>
    public static string Dataset(string root, int train = 4, int validation = 2, IReadOnlyList<string>? instruments = null, int validationVideos = 1)
    {
        foreach (var name in instruments ?? Two)
        {
            var label = Instruments.IndexOf(name);
            foreach (var (split, count, firstVideo, videos) in new[] { ("train", train, 1, 1), ("validation", validation, 2, validationVideos) })
            {
                var img = Directory.CreateDirectory(Path.Combine(root, "img", split, name)).FullName;
                var chunk = Directory.CreateDirectory(Path.Combine(root, "chunk", split, name)).FullName;
                for (var k = 0; k < count; k++)
                {
                    var stem = $"{name}{firstVideo + k % videos:D2}_{k * 500}";
                    Picture(Path.Combine(img, stem + ".jpg"), label, k);
                    WavCodec.WriteFile16(Path.Combine(chunk, stem + ".wav"), Sine(label, k), 44_100);
                }
            }
        }
        return root;
    }

    public static void History(string models)
    {
        var history = new TrainingHistory { Recipe = "tiny", Dataset = "tiny", Machine = "test machine" };
        // S2I-C as a keepBestEpoch run: preview grids at epochs 1 and 5, epoch 4 kept.
        var previews = Directory.CreateDirectory(Path.Combine(models, "previews")).FullName;
        foreach (var e in new[] { 1, 5 }) File.WriteAllBytes(Path.Combine(previews, $"s2i-c-epoch{e:D3}.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', (byte)e]);
        foreach (var v in new[] { "c", "n", "a" })
            history = history.With(new StepRecord
            {
                Id = StoredModels.S2IId(v), Kind = ModelKinds.S2I, Seconds = 12.5, Threads = 2, Parameters = 1234,
                Epochs = Enumerable.Range(1, 5).Select(e => new EpochRecord
                {
                    Epoch = e, TrainAccuracy = 0.1 * e, ValidationAccuracy = 0.08 * e,
                    Preview = v == "c" && e is 1 or 5 ? $"previews/s2i-c-epoch{e:D3}.png" : null, Selected = v == "c" && e == 4,
                }).ToList(),
            });
        history.Write(models);
    }

    public static System.Text.Json.JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr);
        return System.Text.Json.JsonDocument.Parse(r.StdOut).RootElement;
    }
}
