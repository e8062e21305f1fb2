using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Storage;

/// <summary>
/// An S2I model's manifest records its networks (config section "architecture"), so the generator service and the CLI
/// (both through <see cref="StoredModels.LoadGenerator"/>) rebuild the network it was trained as; manifests written
/// before the section existed are the paper's networks.
/// Serial: it seeds torch's global generator, which parallel tests building networks from it would feel.
/// </summary>
[Collection(SerialTrainingCollection.Name)]
public class S2IArchitectureStorageTests
{
    static readonly StoredModels.Provenance Tiny = new("tiny", "test", 1, new Dictionary<string, double>());

    static string Starter => Checkout.Path("models", "starter");

    [Theory]
    [InlineData("upsampling", "projection")]
    [InlineData("upsampling", "dcgan")]
    [InlineData("dcgan", "projection")]
    public void AStoredS2IModelLoadsBackAsItsArchitectureAndGeneratesTheSameImages(string generatorName, string discriminatorName)
    {
        using var tmp = new TempDir();
        manual_seed(5);
        var architecture = new S2IArchitecture { Generator = generatorName, Discriminator = discriminatorName };
        var g = architecture.NewGenerator(TinyConfigs.Gan);
        var d = architecture.NewDiscriminator(TinyConfigs.Gan, 13);
        StoredModels.SaveGan(tmp.Path, ModelKinds.S2I, "c", null, TinyConfigs.Gan, StoredModels.SoundEncoderId, g, d, Tiny, architecture);

        var manifest = ModelStore.Verify(Path.Combine(tmp.Path, "s2i-c"));
        Assert.Equal(architecture, StoredModels.ArchitectureOf(manifest));
        var (loaded, _) = StoredModels.LoadGenerator(tmp.Path, "s2i-c");
        Assert.Equal(g.GetType(), loaded.GetType());
        g.eval();
        using var random = new Generator(3);
        using var c = randn([4, 128], generator: random);
        using var z = randn([4, TinyConfigs.Gan.NoiseSize], generator: random);
        using var _ = inference_mode();
        Assert.True(GanTrainerSwitchesTests.Same(g.call(c, z), loaded.call(c, z)), "the loaded generator draws other images");
    }

    [Fact]
    public void AManifestWithoutAnArchitectureIsThePapersAndEveryStarterGeneratorLoadsAsBefore()
    {
        foreach (var id in new[] { "s2i-c", "s2i-n", "s2i-a" })
        {
            var manifest = ModelStore.Verify(Path.Combine(Starter, id));
            Assert.Null(manifest.Config[StoredModels.Architecture]);
            Assert.Equal(S2IArchitecture.Paper, StoredModels.ArchitectureOf(manifest));
            var (generator, _) = StoredModels.LoadGenerator(Starter, id);
            using (generator) Assert.IsType<S2IGenerator>(generator);
        }
        var (i2s, _) = StoredModels.LoadGenerator(Starter, StoredModels.I2SId);
        using (i2s) Assert.IsType<I2SGenerator>(i2s);
    }

    [Fact]
    public void TheDefaultArchitectureIsRecordedAndAnUnknownOneIsRefusedWithItsName()
    {
        using var tmp = new TempDir();
        var gan = TinyConfigs.Gan;
        StoredModels.SaveGan(tmp.Path, ModelKinds.S2I, "n", null, gan, StoredModels.SoundEncoderId, new S2IGenerator(gan), new S2IDiscriminator(gan), Tiny);
        var manifest = ModelStore.Verify(Path.Combine(tmp.Path, "s2i-n"));
        Assert.Equal("dcgan", manifest.Config[StoredModels.Architecture]!["generator"]!.GetValue<string>());

        var path = Path.Combine(tmp.Path, "s2i-n", ModelStore.ManifestFile);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"generator\": \"dcgan\"", "\"generator\": \"stylegan\""));
        var e = Assert.Throws<ModelStoreException>(() => StoredModels.LoadGenerator(tmp.Path, "s2i-n"));
        Assert.Contains("stylegan", e.Message);
        // Only S2I models choose networks.
        Assert.Throws<ArgumentException>(() => StoredModels.SaveGan(tmp.Path, ModelKinds.I2S, null, null, gan, StoredModels.ImageEncoderId,
            new I2SGenerator(gan), new I2SDiscriminator(gan), Tiny, S2IArchitecture.Paper));
    }
}
