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
/// (seed, copy, row), so the same recipe gives the same inputs on any thread count.
/// </summary>
internal static class TrainingAugmentation
{
    /// <summary>Unit-scaled LMS of the picked training chunks followed by <paramref name="copies"/> augmented versions of each.</summary>
    public static Tensor Lms(LoadedSplit train, int[] picked, int copies, long seed, CancellationToken cancel, AudioAugmentationOptions? options = null)
    {
        int size = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames, n = picked.Length;
        var lms = new float[(long)n * copies * size];
        Parallel.For(0, n * copies, new ParallelOptions { CancellationToken = cancel }, k =>
        {
            int copy = k / n, row = picked[k % n];
            var rng = Seeding.Stream(seed, $"augment-{copy}", row);
            var augmented = AudioAugmenter.Augment(train.Chunks[row], AudioFrontEnd.SampleRate, rng, options);
            MelSpectrogram.Compute(augmented, lms.AsSpan(k * size, size), log: true);
        });
        using var clean = TensorRows.Of(train.Data.Sounds, picked);
        using var extra = tensor(lms, [n * copies, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames], device: clean.device);
        using var all = cat([clean, extra], 0);
        return SoundInput.ToUnit(all);
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
