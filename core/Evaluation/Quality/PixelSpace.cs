using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// The plain pixel space of the variety measure: images [N,3,64,64] averaged 2x2 down to 32x32 (3,072 values per image,
/// in the model's [-1,1] scale). Averaging first keeps one-pixel jitter and checkerboard patterns from counting as variety.
/// </summary>
public static class PixelSpace
{
    public const int Side = 32;

    public static float[][] Features(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != 64 || images.shape[3] != 64)
            throw new InvalidInputException($"pixel features take images [N,3,64,64], got [{string.Join(",", images.shape)}]");
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var small = nn.functional.avg_pool2d(images.to_type(ScalarType.Float32).cpu(), 2).flatten(1);
        return RandomFeatureSpace.RowsOf(small).ToArray();
    }
}
