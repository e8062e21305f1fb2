using CrossModal.Core.Audio;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cli-gen-").FullName;
    readonly string models;

    public GenerateCommandTests() => models = EvaluateFixtures.Models(Path.Combine(root, "models"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void S2IWritesCountPngsAndNamesWhatTheClassifierSees()
    {
        var wav = Path.Combine(root, "in.wav");
        WavCodec.WriteFile16(wav, EvaluateFixtures.Sine(1, 0, 48_000, 1.0), 48_000);
        var outDir = Path.Combine(root, "out");
        var r = CliProcess.Run("generate", "s2i", "--models", models, "--variant", "a", "--audio", wav, "--count", "3", "--seed", "2", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(3, Directory.GetFiles(outDir, "*.png").Length);
        Assert.Equal(3, r.StdOut.Trim().Split('\n').Length);
        Assert.Contains("%", r.StdOut);

        var json = EvaluateFixtures.Json(CliProcess.Run("generate", "s2i", "--models", models, "--audio", wav, "--count", "2", "--out", outDir, "--json"));
        Assert.Equal(2, json.GetProperty("images").GetArrayLength());
    }

    [Fact]
    public void S2IWithoutAVariantUsesTheProductsDefaultGeneratorAndS2ICOnAnOlderStore()
    {
        var wav = Path.Combine(root, "in.wav");
        WavCodec.WriteFile16(wav, EvaluateFixtures.Sine(1, 0), 44_100);
        string Model(params string[] extra) => EvaluateFixtures.Json(CliProcess.Run(
            ["generate", "s2i", "--models", models, "--audio", wav, "--count", "1", "--out", Path.Combine(root, "out"), "--json", .. extra])).GetProperty("model").GetString()!;

        Assert.Equal("s2i-c", Model());
        EvaluateFixtures.AddProductDefault(models);
        Assert.Equal("s2i-c-default", Model());
        // Naming a variant still gets the paper's model.
        Assert.Equal("s2i-c", Model("--variant", "c"));
    }

    [Fact]
    public void I2SWritesLmsPictureAndSound()
    {
        var png = Path.Combine(root, "in.png");
        EvaluateFixtures.Picture(png, 3, 1);
        var outDir = Path.Combine(root, "out");
        var r = CliProcess.Run("generate", "i2s", "--models", models, "--image", png, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal([128, 44], NpyFile.ReadFile(Path.Combine(outDir, "i2s.npy")).Shape);
        Assert.Equal([128, 34], NpyFile.ReadFile(Path.Combine(outDir, "i2s-generated.npy")).Shape);
        Assert.Equal(22_050, WavCodec.ReadFile(Path.Combine(outDir, "i2s.wav")).Samples.Length);
        Assert.True(File.Exists(Path.Combine(outDir, "i2s.png")));
    }

    [Fact]
    public void BadSoundOrImageWritesNothing()
    {
        var silent = Path.Combine(root, "silent.wav");
        WavCodec.WriteFile16(silent, new float[22_050], 44_100);
        var notImage = Path.Combine(root, "x.png");
        File.WriteAllText(notImage, "hello");
        foreach (var args in new[]
                 {
                     new[] { "generate", "s2i", "--models", models, "--audio", silent, "--out", Path.Combine(root, "o1") },
                     new[] { "generate", "s2i", "--models", models, "--audio", notImage, "--out", Path.Combine(root, "o2") },
                     new[] { "generate", "s2i", "--models", models, "--audio", silent, "--count", "0", "--out", Path.Combine(root, "o3") },
                     new[] { "generate", "i2s", "--models", models, "--image", notImage, "--out", Path.Combine(root, "o4") },
                     new[] { "generate", "i2s", "--models", Path.Combine(root, "none"), "--image", notImage, "--out", Path.Combine(root, "o5") },
                 })
        {
            var r = CliProcess.Run(args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.StdErr}");
            Assert.StartsWith("error: ", r.StdErr);
            Assert.False(Directory.Exists(args[^1]), $"{args[^1]} was created");
        }
    }
}
