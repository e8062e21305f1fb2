using CrossModal.Core.Datasets;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// The paper's classifier-based I2S evaluation: one LMS is generated from each image (seeded noise), brought back
/// to a 128x44 dB chunk (<see cref="Models.LmsNormalisation.FromI2S"/>) and labelled by the sound classifier;
/// accuracy is against the image's instrument (paper: 11.17%). Also the Fréchet distance between real and
/// generated LMS in the sound classifier's 128-d embedding space and the diversity of the generated labels.
/// </summary>
public static class I2SEvaluator
{
    public const string Task = "i2s";

    /// <param name="referenceAudioRoot">Real sounds for the Fréchet distance (ROOT/&lt;instrument&gt;/*.wav, first audible
    /// chunk of each); null: the <c>chunk/&lt;split&gt;</c> folder beside an <c>img/&lt;split&gt;</c> image root, if any.</param>
    public static EvaluationResult OnFolder(ModelSet models, string imageRoot, string? referenceAudioRoot, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var files = LabelledFolder.Images(imageRoot);
        var generator = new ImageToSound(models);
        var judge = models.SoundClassifier;
        models.Generator(StoredModels.I2SId);
        var pixels = ImageFiles.Load(files, cancel);
        var generated = JudgeRun.Run(judge, pixels.Length,
            (s, n) => SoundInput.ToUnit(generator.GenerateLmsDb(ImageFiles.Batch(pixels, s, n), Seeding.Derive(seed, "i2s-evaluation", s))),
            progress, cancel);

        var realRoot = referenceAudioRoot ?? LabelledFolder.Sibling(imageRoot, DatasetLayout.ImageFolder, DatasetLayout.SoundFolder);
        Judgement? real = null;
        if (realRoot is not null)
        {
            var lms = SoundFiles.LmsOfChunks(LabelledFolder.Sounds(realRoot), 1, cancel).Select(l => l[0]).ToArray();
            real = JudgeRun.Run(judge, lms.Length, (s, n) => SoundFiles.UnitBatch(lms, s, n), null, cancel);
        }
        return JudgeRun.ScoreGeneration(Task, Path.GetFullPath(imageRoot), files.Select(f => f.Label).ToArray(), generated, real,
            "no real sounds to compare with (give an audio root)", seed)
            with { Method = "one LMS per image, resized 128x34 → 128x44 in dB, labelled by the sound classifier" };
    }

    public static EvaluationResult OnSplit(ModelSet models, LoadedSplit split, string source, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var generator = new ImageToSound(models);
        var judge = models.SoundClassifier;
        var sounds = split.Data.Sounds;
        var images = split.Data.Images;
        var generated = JudgeRun.Run(judge, split.Data.Count,
            (s, n) => SoundInput.ToUnit(generator.GenerateLmsDb(images.narrow(0, s, n), Seeding.Derive(seed, "i2s-evaluation", s))),
            progress, cancel);
        var real = JudgeRun.Run(judge, split.Data.Count, (s, n) => SoundInput.ToUnit(sounds.narrow(0, s, n)), null, cancel);
        return JudgeRun.ScoreGeneration(Task, source, split.Data.Labels, generated, real, null, seed)
            with { Method = "one LMS per pair's image, resized 128x34 → 128x44 in dB, labelled by the sound classifier; FID against the split's real LMS" };
    }
}
