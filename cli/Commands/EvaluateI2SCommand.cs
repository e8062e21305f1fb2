using System.CommandLine;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Evaluation.Quality;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal evaluate i2s --models DIR --image-root ROOT [--json]`: the paper's I2S accuracy (11.17%), plus FID and diversity.</summary>
public static class EvaluateI2SCommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var root = new Option<string?>("--image-root") { Description = "Folder ROOT/<instrument>/* of images; one LMS is generated from each." };
        var audio = new Option<string?>("--audio-root") { Description = "Real sounds ROOT/<instrument>/*.wav for the Fréchet distance (default: chunk/<split> beside an img/<split> image root)." };
        var (data, split, perClass, json, threads, seed) = (EvaluateShared.Data(), EvaluateShared.Split(), EvaluateShared.PerClass(), EvaluateShared.JsonOption(), EvaluateShared.Threads(), EvaluateShared.Seed());
        var cmd = new Command("i2s", "Generate one spectrogram per image and report how often the sound classifier names the image's instrument, the Fréchet distance to real LMS in the classifier's embedding space, and diversity.");
        var quality = EvaluateQuality.Option();
        var record = EvaluateQuality.RecordOption();
        foreach (var o in new Option[] { models, root, audio, data, split, perClass, seed, quality, record, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var (r, d) = (pr.GetValue(root), pr.GetValue(data));
            EvaluateShared.RequireOneSource(r, "--image-root", d);
            EvaluateShared.RequireDataForQuality(pr.GetValue(quality), d);
            EvaluateQuality.RequireQualityForRecord(pr.GetValue(record), pr.GetValue(quality));
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            set.Generator(Core.Storage.StoredModels.I2SId);
            EvaluationResult result;
            I2SQuality? measured = null;
            if (r is not null)
                result = EvaluateShared.WithProgress("generating and judging (i2s)", p => I2SEvaluator.OnFolder(set, r, pr.GetValue(audio), pr.GetValue(seed), p, ct));
            else
            {
                using var loaded = EvaluateShared.LoadSplit(d!, pr.GetValue(split)!, pr.GetValue(perClass), ct);
                var source = EvaluateShared.SourceOf(d!, pr.GetValue(split)!);
                result = EvaluateShared.WithProgress("generating and judging (i2s)", p => I2SEvaluator.OnSplit(set, loaded, source, pr.GetValue(seed), p, ct));
                if (pr.GetValue(quality))
                    measured = EvaluateShared.WithProgress("measuring quality (i2s)", p => I2SQualityEvaluator.OnSplit(set, loaded, source, pr.GetValue(seed), p, ct));
            }
            if (pr.GetValue(record) && measured is not null) EvaluateQuality.Record(pr.GetValue(models)!, Core.Storage.StoredModels.I2SId, QualityMetrics.Of(measured, result));
            EvaluateQuality.Print(result, measured, pr.GetValue(json));
            return 0;
        }));
        return cmd;
    }
}
