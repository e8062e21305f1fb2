using System.Text.Json;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class EvaluateCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cli-eval-").FullName;
    readonly string models, data;

    public EvaluateCommandTests()
    {
        models = EvaluateFixtures.Models(Path.Combine(root, "models"));
        data = EvaluateFixtures.Dataset(Path.Combine(root, "data"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Audio => Path.Combine(data, "chunk", "validation");
    string Images => Path.Combine(data, "img", "validation");

    static void HasAccuracyAndN(JsonElement j, int n)
    {
        Assert.InRange(j.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Equal(n, j.GetProperty("n").GetInt32());
        var confusion = j.GetProperty("confusion");
        Assert.Equal(13, confusion.GetArrayLength());
        Assert.Equal(n, confusion.EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt32())));
    }

    [Fact]
    public void ClassifiersOnFoldersAndOnADatasetSplit()
    {
        HasAccuracyAndN(EvaluateFixtures.Json(CliProcess.Run("evaluate", "audio", "--models", models, "--audio-root", Audio, "--json")), 4);
        HasAccuracyAndN(EvaluateFixtures.Json(CliProcess.Run("evaluate", "image", "--models", models, "--image-root", Images, "--json")), 4);
        HasAccuracyAndN(EvaluateFixtures.Json(CliProcess.Run("evaluate", "audio", "--models", models, "--data", data, "--split", "train", "--json")), 8);
        var table = CliProcess.Run("evaluate", "image", "--models", models, "--data", data);
        Assert.True(table.ExitCode == 0, table.StdErr);
        Assert.Contains("accuracy", table.StdOut);
        Assert.Contains("cello", table.StdOut);
    }

    [Fact]
    public void TheMicrophoneChainIsNamedInTheMethodAndIsTheSameForTheSameSeed()
    {
        var a = EvaluateFixtures.Json(CliProcess.Run("evaluate", "audio", "--models", models, "--audio-root", Audio, "--microphone-chain", "7", "--json"));
        var b = EvaluateFixtures.Json(CliProcess.Run("evaluate", "audio", "--models", models, "--data", data, "--split", "train", "--microphone-chain", "7", "--json"));
        HasAccuracyAndN(a, 4);
        HasAccuracyAndN(b, 8);
        Assert.Contains("simulated microphone chain (seed 7", a.GetProperty("method").GetString());
        Assert.Contains("simulated microphone chain (seed 7", b.GetProperty("method").GetString());
        var again = EvaluateFixtures.Json(CliProcess.Run("evaluate", "audio", "--models", models, "--data", data, "--split", "train", "--microphone-chain", "7", "--json"));
        Assert.Equal(b.GetProperty("confusion").ToString(), again.GetProperty("confusion").ToString());
    }

    [Fact]
    public void TheCodecIsAddedToTheChainOnlyWhenAskedAndNamedInTheMethod()
    {
        // Runs ffmpeg (Debian's package ffmpeg) once per pair: encoder and decoder processes.
        string[] coded = ["evaluate", "audio", "--models", models, "--data", data, "--split", "train", "--microphone-chain", "7", "--codec", "opus", "--json"];
        var a = EvaluateFixtures.Json(CliProcess.Run(coded));
        HasAccuracyAndN(a, 8);
        Assert.Contains("simulated microphone chain (seed 7", a.GetProperty("method").GetString());
        Assert.Contains("then a lossy codec: Opus 16–64 kb/s", a.GetProperty("method").GetString());
        var files = EvaluateFixtures.Json(CliProcess.Run("evaluate", "audio", "--models", models, "--audio-root", Audio, "--microphone-chain", "7", "--codec", "any", "--json"));
        HasAccuracyAndN(files, 4);
        Assert.Contains("Opus 16–64 kb/s or MP3 32–128 kb/s", files.GetProperty("method").GetString());
        Assert.Equal(a.GetProperty("confusion").ToString(), EvaluateFixtures.Json(CliProcess.Run(coded)).GetProperty("confusion").ToString());

        var alone = CliProcess.Run("evaluate", "audio", "--models", models, "--data", data, "--split", "train", "--codec", "mp3");
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--microphone-chain", alone.StdErr);
        Assert.NotEqual(0, CliProcess.Run("evaluate", "audio", "--models", models, "--data", data, "--microphone-chain", "7", "--codec", "aac").ExitCode);
    }

    [Fact]
    public void GeneratorsReportAccuracyFidAndDiversity()
    {
        var s2i = EvaluateFixtures.Json(CliProcess.Run("evaluate", "s2i", "--models", models, "--variant", "c", "--audio-root", Audio, "--seed", "4", "--json"));
        HasAccuracyAndN(s2i, 4);
        Assert.True(s2i.GetProperty("fid").GetDouble() >= 0); // the real images beside chunk/validation were found
        Assert.True(s2i.TryGetProperty("diversity_marginal_entropy", out _));
        var i2s = EvaluateFixtures.Json(CliProcess.Run("evaluate", "i2s", "--models", models, "--data", data, "--json"));
        HasAccuracyAndN(i2s, 4);
        Assert.True(i2s.GetProperty("fid").GetDouble() >= 0);
    }

    [Fact]
    public void BadInputsExitWithTwoAndOneLine()
    {
        void Refused(string expected, params string[] args)
        {
            var r = CliProcess.Run(args);
            Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.StdErr}");
            Assert.StartsWith("error: ", r.StdErr);
            Assert.Single(r.StdErr.Trim().Split('\n'));
            Assert.Contains(expected, r.StdErr);
        }
        Refused("does not exist", "evaluate", "audio", "--models", Path.Combine(root, "nope"), "--audio-root", Audio);
        Refused("--audio-root", "evaluate", "audio", "--models", models);
        Directory.CreateDirectory(Path.Combine(root, "empty", "cello"));
        Refused("no sound", "evaluate", "audio", "--models", models, "--audio-root", Path.Combine(root, "empty"));
        Refused("variant", "evaluate", "s2i", "--models", models, "--variant", "x", "--audio-root", Audio);
        // The second judge is asked for, not the image classifier quietly put in its place.
        Refused("judge-image", "evaluate", "image", "--models", models, "--image-root", Images, "--second-judge");

        var partial = Path.Combine(root, "partial");
        Directory.CreateDirectory(partial);
        Directory.Move(Path.Combine(models, "image-encoder"), Path.Combine(partial, "image-encoder"));
        Refused("image-encoder", "evaluate", "image", "--models", models, "--image-root", Images);
        Directory.Move(Path.Combine(partial, "image-encoder"), Path.Combine(models, "image-encoder"));

        File.WriteAllText(Path.Combine(models, "sound-encoder", "manifest.json"), "{ not json");
        Refused("sound-encoder", "evaluate", "audio", "--models", models, "--audio-root", Audio);
    }
}
