using CrossModal.Core.Audio;
using CrossModal.Core.Audio.Augmentation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>
/// The augmented copies a recipe adds to an encoder's training inputs. Each copy is drawn from its own seeded stream
/// (seed, copy, row), so the same recipe gives the same inputs on any thread count. The copies are made once per run
/// (every epoch sees the same ones), so a copy whose microphone chain ends in a lossy codec costs one ffmpeg round trip
/// per run, not per epoch.
/// </summary>
internal static class TrainingAugmentation
{
    /// <summary>Unit-scaled LMS of the picked training chunks followed by <paramref name="copies"/> augmented versions of each.</summary>
    /// <param name="codec">Runs the lossy codec of the copies whose microphone chain draws one (the options' <c>Microphone.CodecProbability</c> &gt; 0).</param>
    public static Tensor Lms(LoadedSplit train, int[] picked, int copies, long seed, CancellationToken cancel, AudioAugmentationOptions? options = null,
        Audio.Microphone.ILossyCodec? codec = null)
    {
        int size = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames, n = picked.Length;
        var lms = new float[(long)n * copies * size];
        // With a codec a copy may start two ffmpeg processes and block on them: 2–4 copies at once, as the evaluator does,
        // rather than a thread pool that keeps adding blocked threads. A failure (ffmpeg missing) surfaces as itself.
        var parallelism = codec is not null && options?.Microphone.CodecProbability > 0 ? Math.Clamp(Environment.ProcessorCount, 2, 4) : -1;
        Evaluation.ParallelFiles.For(n * copies, k =>
        {
            int copy = k / n, row = picked[k % n];
            var rng = Seeding.Stream(seed, $"augment-{copy}", row);
            var augmented = AudioAugmenter.Augment(train.Chunks[row], AudioFrontEnd.SampleRate, rng, options, codec, cancel);
            MelSpectrogram.Compute(augmented, lms.AsSpan(k * size, size), log: true);
        }, cancel, parallelism);
        using var clean = TensorRows.Of(train.Data.Sounds, picked);
        using var extra = tensor(lms, [n * copies, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames], device: clean.device);
        using var all = cat([clean, extra], 0);
        return SoundInput.ToUnit(all);
    }

    /// <summary>
    /// The frames of <paramref name="rows"/> followed by <paramref name="copies"/> augmented versions of each, shifted and
    /// recoloured but never flipped (a flip would change the pose), and their poses repeated to match.
    /// </summary>
    public static PoseFrameSet PoseFrames(Tensor images, Tensor poses, int[] rows, int copies, string purpose, long seed)
    {
        using var clean = TensorRows.Of(images, rows);
        using var cleanPoses = TensorRows.Of(poses, rows);
        return new(Images(clean, copies, new ImageAugmentation { FlipProbability = 0 }, purpose, seed), cat(Enumerable.Repeat(cleanPoses, 1 + copies).ToArray(), 0));
    }

    /// <summary>Frames [N,3,H,W] and their poses [N,P], disposed together.</summary>
    public sealed record PoseFrameSet(Tensor Images, Tensor Poses) : IDisposable
    {
        public void Dispose()
        {
            Images.Dispose();
            Poses.Dispose();
        }
    }

    /// <summary><paramref name="images"/> followed by <paramref name="copies"/> seeded augmented versions of each (augmented on the CPU, returned on the images' device).</summary>
    public static Tensor Images(Tensor images, int copies, ImageAugmentation augmentation, string purpose, long seed)
    {
        if (copies == 0) return images.clone();
        int n = (int)images.shape[0], h = (int)images.shape[2], w = (int)images.shape[3], size = 3 * h * w;
        var source = images.cpu().contiguous().data<float>().ToArray();
        var extra = new float[(long)n * copies * size];
        Parallel.For(0, n * copies, k =>
        {
            var rng = Seeding.Stream(seed, $"{purpose}-augment-{k / n}", k % n);
            augmentation.Apply(source.AsSpan(k % n * size, size), h, w, rng).CopyTo(extra.AsSpan(k * size, size));
        });
        using var augmented = tensor(extra, [n * copies, 3, h, w], device: images.device);
        return cat([images, augmented], 0);
    }
}
