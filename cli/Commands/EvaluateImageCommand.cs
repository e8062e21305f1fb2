using System.CommandLine;
using CrossModal.Core.Evaluation;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal evaluate image --models DIR --image-root ROOT [--second-judge] [--json]`: the image classifier's (or the second judge's) accuracy on real images.</summary>
public static class EvaluateImageCommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var root = new Option<string?>("--image-root") { Description = "Folder ROOT/<instrument>/*.{jpg,png,webp,bmp} (centre-cropped and resized to 64x64)." };
        var (data, split, perClass, json, threads) = (EvaluateShared.Data(), EvaluateShared.Split(), EvaluateShared.PerClass(), EvaluateShared.JsonOption(), EvaluateShared.Threads());
        var second = new Option<bool>("--second-judge") { Description = "Judge with the independent second image judge (judge-image) instead of the image classifier." };
        var cmd = new Command("image", "Accuracy of the image classifier (or of the second judge) on real images.");
        foreach (var o in new Option[] { models, root, data, split, perClass, second, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var (r, d) = (pr.GetValue(root), pr.GetValue(data));
            EvaluateShared.RequireOneSource(r, "--image-root", d);
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            EvaluationResult result;
            if (r is not null)
                result = EvaluateShared.WithProgress("classifying images", p => ImageClassifierEvaluator.OnFolder(set, r, p, ct, pr.GetValue(second)));
            else
            {
                using var loaded = EvaluateShared.LoadSplit(d!, pr.GetValue(split)!, pr.GetValue(perClass), ct);
                result = EvaluateShared.WithProgress("classifying images", p => ImageClassifierEvaluator.OnSplit(set, loaded, EvaluateShared.SourceOf(d!, pr.GetValue(split)!), p, ct, pr.GetValue(second)));
            }
            EvaluateShared.Print(result, pr.GetValue(json));
            return 0;
        }));
        return cmd;
    }
}
