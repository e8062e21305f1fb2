using CrossModal.Core.Datasets;
using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// The paper's classifier-based S2I evaluation (Table 5): one image is generated from each sound (seeded noise)
/// and the image classifier labels it; accuracy is against the sound's instrument. Also: the Fréchet distance
/// between real and generated images in the image classifier's 128-d embedding space, and the class-entropy
/// diversity of the generated images. From a folder, each file's sound is its first audible 0.5 s chunk.
/// Sample i's image is the one a single request for it with seed <see cref="SampleSeed"/>(seed, i) returns, judged
/// as its 8-bit PNG: so the services (EncodeAudio → SoundToImage → ClassifyImages) give the same labels.
/// </summary>
public static class S2IEvaluator
{
    /// <summary>The generation seed of sample <paramref name="index"/> (files in <see cref="LabelledFolder"/> order, or split order).</summary>
    public static long SampleSeed(long seed, int index) => Seeding.Derive(seed, "s2i-evaluation", index);

    static Tensor GenerateJudged(SoundToImage generator, Tensor lms, string modelId, long seed, int start) =>
        ImageTensors.As8BitPixels(generator.GenerateEach(lms, modelId,
            Enumerable.Range(start, (int)lms.shape[0]).Select(i => SampleSeed(seed, i)).ToArray()));

    /// <param name="referenceImageRoot">Real images for the Fréchet distance (ROOT/&lt;instrument&gt;/*); null: the
    /// <c>img/&lt;split&gt;</c> folder beside an <c>chunk/&lt;split&gt;</c> audio root, if there is one.</param>
    public static EvaluationResult OnFolder(ModelSet models, string modelId, string audioRoot, string? referenceImageRoot, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var files = LabelledFolder.Sounds(audioRoot);
        var generator = new SoundToImage(models);
        var judge = models.ImageClassifier;
        models.Generator(modelId); // fail on a missing model before reading any sound
        var lms = SoundFiles.LmsOfChunks(files, 1, cancel).Select(l => l[0]).ToArray();
        var generated = JudgeRun.Run(judge, lms.Length,
            (s, n) => GenerateJudged(generator, SoundFiles.DbBatch(lms, s, n), modelId, seed, s), progress, cancel);

        var realRoot = referenceImageRoot ?? LabelledFolder.Sibling(audioRoot, DatasetLayout.SoundFolder, DatasetLayout.ImageFolder);
        Judgement? real = null;
        if (realRoot is not null)
        {
            var pixels = ImageFiles.Load(LabelledFolder.Images(realRoot), cancel);
            real = JudgeRun.Run(judge, pixels.Length, (s, n) => ImageFiles.Batch(pixels, s, n), null, cancel);
        }
        return JudgeRun.ScoreGeneration(modelId, Path.GetFullPath(audioRoot), files.Select(f => f.Label).ToArray(), generated, real,
            "no real images to compare with (give an image root)", seed)
            with { Method = "one image per sound file (its first audible 0.5 s), labelled by the image classifier" };
    }

    public static EvaluationResult OnSplit(ModelSet models, string modelId, LoadedSplit split, string source, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var generator = new SoundToImage(models);
        var judge = models.ImageClassifier;
        var sounds = split.Data.Sounds;
        var images = split.Data.Images;
        var generated = JudgeRun.Run(judge, split.Data.Count,
            (s, n) => GenerateJudged(generator, sounds.narrow(0, s, n), modelId, seed, s), progress, cancel);
        var real = JudgeRun.Run(judge, split.Data.Count, (s, n) => images.narrow(0, s, n), null, cancel);
        return JudgeRun.ScoreGeneration(modelId, source, split.Data.Labels, generated, real, null, seed)
            with { Method = "one image per pair's sound, labelled by the image classifier; FID against the split's real images" };
    }
}
