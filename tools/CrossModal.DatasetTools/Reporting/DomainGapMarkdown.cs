using CrossModal.Core.Datasets;
using CrossModal.Domain;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Generation;
using static CrossModal.DatasetTools.Reporting.ReportFormat;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>
/// The report's section on real photographs: the models learnt from drawn scenes, so how they fare on real performances
/// is the domain gap, reported as measured, with a few of the sounds I2S makes from the photographs to listen to.
/// </summary>
internal static class DomainGapMarkdown
{
    const int ListeningExamples = 4;

    public static void Section(ReportDocument d, ModelSet models, ReportFindings f, ReportOptions o)
    {
        if (f.RealImages is not { } real) return;
        d.Line("## Domain gap: real photographs");
        d.Line();
        d.Line($"`{real.Root}`: {real.ImageClassifier.N} real performance photographs (not drawings), labelled by the image classifier " +
            "and by the independent second judge, and the sound I2S makes from each labelled by the sound classifier. The models never saw a photograph.");
        d.Line();
        d.Line("| instrument | photographs | image classifier | second judge | I2S (sound classifier) |");
        d.Line("|---|---|---|---|---|");
        foreach (var p in real.ImageClassifier.PerInstrument)
            d.Line($"| {p.Instrument} | {p.N} | {Pct(p.Accuracy)} | {Pct(AccuracyOf(real.SecondJudge, p.Instrument))} | {Pct(AccuracyOf(real.I2S, p.Instrument))} |");
        d.Line($"| all | {real.ImageClassifier.N} | {Pct(real.ImageClassifier.Accuracy)} | {Pct(real.SecondJudge?.Accuracy)} | {Pct(real.I2S?.Accuracy)} |");
        d.Line();
        if (real.I2S is null) return;
        d.Line("Listen: sounds I2S makes from photographs (first photograph of the first instruments in class order).");
        d.Line();
        d.Line("| photograph | generated | generated LMS |");
        d.Line("|---|---|---|");
        var generator = new ImageToSound(models);
        var files = LabelledFolder.Images(o.RealImages!);
        foreach (var file in files.GroupBy(x => x.Label).OrderBy(g => g.Key).Take(ListeningExamples).Select(g => g.First()))
        {
            var name = Instruments.All[file.Label];
            var sound = generator.FromImageFile(file.Path, Core.Runtime.Seeding.Derive(o.Seed, "report-real-photograph", file.Label));
            string photo = $"{ReportFigures.ImagesFolder}/results-photo-{name}{Path.GetExtension(file.Path).ToLowerInvariant()}", wav = $"{ReportFigures.AudioFolder}/results-photo-i2s-{name}.wav",
                png = $"{ReportFigures.ImagesFolder}/results-photo-i2s-{name}.png";
            d.Files.Add((photo, File.ReadAllBytes(file.Path)));
            d.Files.Add((wav, sound.Wav));
            d.Files.Add((png, sound.SpectrogramPng));
            d.Line($"| ![{name}]({photo}) | [{name}]({wav}) | ![LMS]({png}) |");
        }
        d.Line();
    }
}
