using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// Accuracy of the image classifier — or, with <c>secondJudge</c>, of the independent image judge (<c>judge-image</c>)
/// — on real images: each image is centre-cropped and resized to 64x64 as for the model (<see cref="ImagePreprocessor"/>)
/// and judged once. A file that is not a readable image is refused, naming it.
/// </summary>
public static class ImageClassifierEvaluator
{
    public const string Task = "image", SecondJudgeTask = "image (second judge)";

    public static EvaluationResult OnFolder(ModelSet models, string root,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default, bool secondJudge = false)
    {
        var files = LabelledFolder.Images(root);
        var pixels = ImageFiles.Load(files, cancel);
        Tensor Batch(int s, int n) => ImageFiles.Batch(pixels, s, n);
        var judged = secondJudge ? JudgeRun.Run(models.ImageJudge, files.Count, Batch, progress, cancel)
            : JudgeRun.Run(models.ImageClassifier, files.Count, Batch, progress, cancel);
        return EvaluationResult.From(secondJudge ? SecondJudgeTask : Task, Path.GetFullPath(root), files.Select(f => f.Label).ToArray(), EvaluationResult.ArgMax(judged.Probabilities))
            with { Method = "per image (centre crop, 64x64)" };
    }

    public static EvaluationResult OnSplit(ModelSet models, LoadedSplit split, string source,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default, bool secondJudge = false)
    {
        var images = split.Data.Images;
        Tensor Batch(int s, int n) => images.narrow(0, s, n);
        var judged = secondJudge ? JudgeRun.Run(models.ImageJudge, split.Data.Count, Batch, progress, cancel)
            : JudgeRun.Run(models.ImageClassifier, split.Data.Count, Batch, progress, cancel);
        return EvaluationResult.From(secondJudge ? SecondJudgeTask : Task, source, split.Data.Labels, EvaluationResult.ArgMax(judged.Probabilities))
            with { Method = "per pair image (centre crop, 64x64)" };
    }
}

/// <summary>Reading a folder's images into model-ready CHW arrays, in parallel, with errors naming the file.</summary>
internal static class ImageFiles
{
    const int Size = ImagePreprocessor.ModelImageSize;

    public static float[][] Load(IReadOnlyList<LabelledFile> files, CancellationToken cancel)
    {
        var pixels = new float[files.Count][];
        ParallelFiles.For(files.Count, i =>
        {
            try { pixels[i] = ImagePreprocessor.LoadFileForModel(files[i].Path); }
            catch (InvalidInputException e) when (!e.Message.Contains(files[i].Path))
            {
                throw LabelledFolder.Refusal(files[i].Path, e);
            }
        }, cancel);
        return pixels;
    }

    public static Tensor Batch(IReadOnlyList<float[]> pixels, int start, int n)
    {
        var data = new float[(long)n * 3 * Size * Size];
        for (var i = 0; i < n; i++) pixels[start + i].CopyTo(data, (long)i * 3 * Size * Size);
        return tensor(data, [n, 3, Size, Size]);
    }
}
