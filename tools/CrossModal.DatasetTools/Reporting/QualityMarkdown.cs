using CrossModal.Core.Evaluation;
using CrossModal.Domain;
using CrossModal.Core.Evaluation.Quality;
using CrossModal.Core.Generation;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Core.Recipes;
using static CrossModal.DatasetTools.Reporting.ReportFormat;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>
/// The report's section on the test split: the measures a generator cannot fool (issue 17), per model and, for the
/// model the product serves, per instrument, with a grid of samples from test sounds beside a real scene.
/// </summary>
internal static class QualityMarkdown
{
    const int TestGridSamples = 8;

    public static void Section(ReportDocument d, ModelSet models, ReportFindings f, ReportSplits splits, long seed)
    {
        d.Line("## Generation quality on the test split");
        d.Line();
        if (splits.Test is null)
        {
            d.Line("Not measured: give `--test-data DIR`, a dataset used for no choice (e.g. `crossmodal dataset synth --out DIR --seed 2027`).");
            d.Line();
            return;
        }
        d.Line($"Measured on `{splits.TestSource}` only. The project's image and sound classifiers guided training (they are the conditions' encoders and chose epochs), so their " +
            "accuracy can be optimised against; these measures were used for no choice:");
        d.Line();
        d.Line($"- **variety R**: {S2IQualityEvaluator.SamplesPerSound} samples per sound; the mean pairwise distance between them over the mean pairwise distance between real samples of the same instrument from different pieces (per instrument, then the mean over instruments), in 32x32 pixels and in a fixed randomly initialised conv feature space. 0: the noise is ignored.");
        d.Line($"- **coverage / density** (Naeem et al. 2020, k = {CoverageDensity.DefaultK}) per instrument in the random feature space, one sample per sound, then the mean over instruments; coverage 1 = every real scene has a generated one nearby. Each real scene's ball reaches its k-th nearest real scene, which is a frame of its own piece (one player, outfit, background and camera): *coverage across pieces* reaches its k-th nearest scene of another piece instead, so it asks whether the generated scenes reach the variety of scenes rather than redraw the test pieces; both are also given for real scenes of other pieces (the dataset's other split) in place of the generated ones, what a generator of new pieces drawn exactly as the data would reach.");
        d.Line("- **noise share**: the share of the generator's first-layer variance that comes from z rather than the sound.");
        d.Line($"- **second judges**: networks of other architectures trained apart with colour and greyscale augmentation (images) or to refuse class-average and blurred spectra (sounds); image accuracy averaged over {S2IQualityEvaluator.JudgedSamplesPerSound} samples per sound, also on greyscale copies.");
        d.Line("- **round trip**: sound → image → sound labelled by the sound classifier, and image → sound → image labelled by the image classifier.");
        d.Line();
        S2ITable(d, f);
        // The model the product serves by default (S2I-C in a store trained before the default existed), per instrument and in the test grid.
        var served = S2IModelIds.DefaultIn(id => f.S2I.Any(s => s.Id == id && s.Quality is not null));
        var main = f.S2I.FirstOrDefault(s => s.Id == served && s.Quality is not null);
        if (main is not null) S2IPerInstrument(d, main);
        if (f.I2S is { Quality: { } iq, Test: { } it }) I2STables(d, it, iq);
        if (main is not null)
        {
            var file = $"{ReportFigures.ImagesFolder}/results-test-grid-{main.Id}.png";
            d.Files.Add((file, ReportFigures.Grid(models, main.Id, splits.Test, seed, TestGridSamples, "test split")));
            d.Line($"### {main.Id}: {TestGridSamples} samples from a test sound of each instrument, beside a real scene");
            d.Line();
            d.Line($"![{main.Id} test samples]({file})");
            d.Line();
        }
    }

    static void S2ITable(ReportDocument d, ReportFindings f)
    {
        d.Line("### S2I");
        d.Line();
        d.Line("| model | image classifier | second judge | second judge, greyscale | R pixels | R features | coverage | coverage of real scenes of other pieces | density | coverage across pieces | the same, real scenes of other pieces | noise share | round trip (sound classifier) |");
        d.Line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in f.S2I.Where(s => s.Quality is not null))
        {
            var q = s.Quality!;
            d.Line($"| {s.Name} | {Pct(s.Test?.Accuracy)} | {Pct(q.SecondJudge?.Result.Accuracy)} | {Pct(q.SecondJudgeGreyscale?.Result.Accuracy)} | " +
                $"{Num(q.PixelVariety.Overall)} | {Num(q.FeatureVariety.Overall)} | {Num(q.Coverage.Coverage)} | {Num(q.CoverageReference?.Coverage)} | {Num(q.Coverage.Density)} | " +
                $"{Num(q.CoverageAcrossPieces?.Coverage)} | {Num(q.CoverageAcrossPiecesReference?.Coverage)} | {Pct(q.NoiseShare)} | {Pct(q.RoundTrip?.Result.Accuracy)} |");
        }
        d.Line();
        foreach (var note in f.S2I.Where(s => s.Quality is not null).SelectMany(s => s.Quality!.Notes.Select(n => $"{s.Id}: {n}")).Distinct()) d.Line($"- {note}");
        d.Line();
    }

    static void S2IPerInstrument(ReportDocument d, S2IFindings s)
    {
        var q = s.Quality!;
        d.Line($"### {s.Id} per instrument (test split)");
        d.Line();
        d.Line("| instrument | image classifier | second judge | second judge, greyscale | R pixels | R features | coverage | density | coverage across pieces |");
        d.Line("|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < q.PixelVariety.PerInstrument.Count; i++)
        {
            var name = q.PixelVariety.PerInstrument[i].Instrument;
            var cov = q.Coverage.PerInstrument.First(c => c.Instrument == name);
            d.Line($"| {name} | {Pct(AccuracyOf(s.Test, name))} | {Pct(AccuracyOf(q.SecondJudge?.Result, name))} | {Pct(AccuracyOf(q.SecondJudgeGreyscale?.Result, name))} | " +
                $"{Num(q.PixelVariety.PerInstrument[i].Ratio)} | {Num(q.FeatureVariety.PerInstrument[i].Ratio)} | {Num(cov.Coverage)} | {Num(cov.Density)} | " +
                $"{Num(q.CoverageAcrossPieces?.PerInstrument.First(c => c.Instrument == name).Coverage)} |");
        }
        d.Line();
    }

    static void I2STables(ReportDocument d, EvaluationResult test, I2SQuality q)
    {
        d.Line("### I2S");
        d.Line();
        d.Line("| | sound classifier | second sound judge | refused by it | R spectrogram | R features | round trip (image classifier) |");
        d.Line("|---|---|---|---|---|---|---|");
        d.Line($"| I2S | {Pct(test.Accuracy)} | {Pct(q.SecondJudge?.Result.Accuracy)} | {Pct(q.SecondJudge?.Refused)} | {Num(q.SpectrogramVariety.Overall)} | {Num(q.FeatureVariety.Overall)} | {Pct(q.RoundTrip?.Result.Accuracy)} |");
        d.Line();
        d.Line("| instrument | sound classifier | second sound judge | R spectrogram | R features |");
        d.Line("|---|---|---|---|---|");
        for (var i = 0; i < q.SpectrogramVariety.PerInstrument.Count; i++)
        {
            var name = q.SpectrogramVariety.PerInstrument[i].Instrument;
            d.Line($"| {name} | {Pct(AccuracyOf(test, name))} | {Pct(AccuracyOf(q.SecondJudge?.Result, name))} | {Num(q.SpectrogramVariety.PerInstrument[i].Ratio)} | {Num(q.FeatureVariety.PerInstrument[i].Ratio)} |");
        }
        d.Line();
        foreach (var note in q.Notes) d.Line($"- {note}");
        d.Line();
    }

}
