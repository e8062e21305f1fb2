using System.CommandLine;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Evaluation.Quality;
using CrossModal.Core.Generation;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal evaluate s2i --models DIR --variant c|n|a [--arm NAME] --audio-root ROOT [--json]`: Table 5 of the paper, plus FID and diversity.</summary>
public static class EvaluateS2ICommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var variant = new Option<string>("--variant") { Description = "S2I variant: c (classifier encoding), n (no wrong pairs), a (autoencoder encoding), pose (needs --instrument).", Required = true };
        var instrument = new Option<string?>("--instrument") { Description = "Instrument of a pose model." };
        var arm = new Option<string?>("--arm") { Description = "An ablation arm's model of the variant (s2i-<variant>-<arm>, trained by a recipe's s2i arms)." };
        var root = new Option<string?>("--audio-root") { Description = "Folder ROOT/<instrument>/*.wav; one image is generated from each file's first audible 0.5 s." };
        var images = new Option<string?>("--image-root") { Description = "Real images ROOT/<instrument>/* for the Fréchet distance (default: img/<split> beside a chunk/<split> audio root)." };
        var (data, split, perClass, json, threads, seed) = (EvaluateShared.Data(), EvaluateShared.Split(), EvaluateShared.PerClass(), EvaluateShared.JsonOption(), EvaluateShared.Threads(), EvaluateShared.Seed());
        var quality = EvaluateQuality.Option();
        var record = EvaluateQuality.RecordOption();
        var cmd = new Command("s2i", "Generate one image per sound and report how often the image classifier names the sound's instrument (paper Table 5), the Fréchet distance to real images in the classifier's embedding space, and diversity.");
        foreach (var o in new Option[] { models, variant, instrument, arm, root, images, data, split, perClass, seed, quality, record, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var (r, d) = (pr.GetValue(root), pr.GetValue(data));
            EvaluateShared.RequireOneSource(r, "--audio-root", d);
            EvaluateShared.RequireDataForQuality(pr.GetValue(quality), d);
            EvaluateQuality.RequireQualityForRecord(pr.GetValue(record), pr.GetValue(quality));
            var id = SoundToImage.ModelId(pr.GetValue(variant)!, pr.GetValue(instrument), pr.GetValue(arm));
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            set.Generator(id);
            EvaluationResult result;
            S2IQuality? measured = null;
            if (r is not null)
                result = EvaluateShared.WithProgress($"generating and judging ({id})", p => S2IEvaluator.OnFolder(set, id, r, pr.GetValue(images), pr.GetValue(seed), p, ct));
            else
            {
                using var loaded = EvaluateShared.LoadSplit(d!, pr.GetValue(split)!, pr.GetValue(perClass), ct);
                var source = EvaluateShared.SourceOf(d!, pr.GetValue(split)!);
                result = EvaluateShared.WithProgress($"generating and judging ({id})", p => S2IEvaluator.OnSplit(set, id, loaded, source, pr.GetValue(seed), p, ct));
                if (pr.GetValue(quality))
                {
                    // Coverage's reference: as many real scenes per instrument from the dataset's other split (other pieces).
                    using var reference = EvaluateShared.LoadSplit(d!, EvaluateShared.OtherSplit(pr.GetValue(split)!), loaded.Data.Labels.CountBy(l => l).Max(c => c.Value), ct);
                    measured = EvaluateShared.WithProgress($"measuring quality ({id})", p => S2IQualityEvaluator.OnSplit(set, id, loaded, source, pr.GetValue(seed), p, ct, reference));
                }
            }
            if (pr.GetValue(record) && measured is not null) EvaluateQuality.Record(pr.GetValue(models)!, id, QualityMetrics.Of(measured, result));
            EvaluateQuality.Print(result, measured, pr.GetValue(json));
            return 0;
        }));
        return cmd;
    }
}
