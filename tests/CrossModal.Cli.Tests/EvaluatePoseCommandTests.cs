using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

/// <summary>`crossmodal evaluate pose`: random-weight tiny models on a tiny synthetic dataset (plumbing, not quality), and its refusals.</summary>
public sealed class EvaluatePoseCommandTests : IDisposable
{
    static readonly StoredModels.Provenance Tiny = new("tiny", "test", 1, new Dictionary<string, double>());
    readonly string root = Directory.CreateTempSubdirectory("cli-pose-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    string SyntheticCello()
    {
        var data = Path.Combine(root, "synthetic");
        SyntheticDatasetBuilder.Build(new SyntheticDatasetOptions { OutputDirectory = data, PerClass = 8, Seed = 5, Instruments = ["cello"] });
        return data;
    }

    /// <summary>The fixture's set plus a pose regressor and a cello pose model conditioned on pitch and onsets.</summary>
    string ModelsWithPose(bool regressor = true)
    {
        var models = EvaluateFixtures.Models(Path.Combine(root, "models"));
        var gan = new GanConfig { GeneratorFilters = 2, DiscriminatorFilters = 2, NoiseSize = 8, ConditionSize = 4, EmbeddingSize = 128 + PitchOnsetEmbedder.FeatureSize };
        StoredModels.SaveGan(models, ModelKinds.Pose, null, "cello", gan, StoredModels.SoundEncoderId, new S2IGenerator(gan), new S2IDiscriminator(gan), Tiny,
            conditionFeatures: PitchOnsetEmbedder.Name);
        if (regressor) StoredModels.SavePoseRegressor(models, new PoseRegressor(new PoseRegressorConfig { ConvChannels = [2, 2, 4, 4], HiddenUnits = 8 }), Tiny);
        return models;
    }

    [Fact]
    public void ReportsTheReadersAndEachPoseModelsCorrelationPerParameter()
    {
        var data = SyntheticCello();
        var j = EvaluateFixtures.Json(CliProcess.Run("evaluate", "pose", "--models", ModelsWithPose(), "--data", data, "--json"));
        var reader = Assert.Single(j.GetProperty("reader").EnumerateArray());
        Assert.Equal("cello", reader.GetProperty("instrument").GetString());
        Assert.Equal(4, reader.GetProperty("r").GetArrayLength());
        var model = Assert.Single(j.GetProperty("models").EnumerateArray());
        Assert.Equal("pose-cello", model.GetProperty("model_id").GetString());
        Assert.True(model.GetProperty("pairs").GetInt32() >= 2);
        var parameters = model.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["bow position", "left hand along the neck", "string", "head nod"], parameters.Select(p => p.GetProperty("name").GetString()));
        Assert.All(parameters, p => Assert.InRange(p.GetProperty("generated_mae").GetDouble(), 0, 1));
        // How much the sound determines each parameter: the probe learnt on the other split's pairs, an r or null (a constant).
        Assert.All(parameters, p => Assert.True(p.GetProperty("sound_r").ValueKind == System.Text.Json.JsonValueKind.Null
                                                || p.GetProperty("sound_r").GetDouble() is >= -1 and <= 1));
        Assert.All(parameters, p => Assert.Equal(p.GetProperty("sound_r").ValueKind == System.Text.Json.JsonValueKind.Null ? System.Text.Json.JsonValueKind.Null
            : p.GetProperty("sound_r").GetDouble() >= 0.5 ? System.Text.Json.JsonValueKind.True : System.Text.Json.JsonValueKind.False, p.GetProperty("set_by_sound").ValueKind));
        var table = CliProcess.Run("evaluate", "pose", "--models", Path.Combine(root, "models"), "--data", data, "--instrument", "cello");
        Assert.True(table.ExitCode == 0, table.StdErr);
        Assert.Contains("pose-cello", table.StdOut);
        Assert.Contains("probe", table.StdOut);
        Assert.Contains("readable parameters follow the sound", table.StdOut.ReplaceLineEndings(" "));
    }

    [Fact]
    public void WithoutPoseModelsARegressorOrTruePosesItSaysWhatIsMissing()
    {
        var noPose = EvaluateFixtures.Models(Path.Combine(root, "plain"));
        var dataset = EvaluateFixtures.Dataset(Path.Combine(root, "suburmp"));
        var none = CliProcess.Run("evaluate", "pose", "--models", noPose, "--data", dataset);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("no pose model", none.StdErr);
        var noRegressor = CliProcess.Run("evaluate", "pose", "--models", ModelsWithPose(regressor: false), "--data", dataset);
        Assert.NotEqual(0, noRegressor.ExitCode);
        Assert.Contains("pose-regressor", noRegressor.StdErr);
        StoredModels.SavePoseRegressor(Path.Combine(root, "models"), new PoseRegressor(new PoseRegressorConfig { ConvChannels = [2, 2, 4, 4], HiddenUnits = 8 }), Tiny);
        var noTruth = CliProcess.Run("evaluate", "pose", "--models", Path.Combine(root, "models"), "--data", dataset);
        Assert.NotEqual(0, noTruth.ExitCode);
        Assert.Contains("no pose parameters", noTruth.StdErr);
        var unknown = CliProcess.Run("evaluate", "pose", "--models", Path.Combine(root, "models"), "--data", dataset, "--instrument", "kazoo");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("kazoo", unknown.StdErr);
    }
}
