namespace CrossModal.Core.Imaging;

/// <summary>
/// Seeded augmentation of model-ready images (CHW floats in [-1, 1]) for the image classifier and the pose
/// regressor: the synthetic scenes split by piece, so validation frames show players, rooms and framings never
/// seen in training; small shifts and colour changes keep the classifiers from memorising those.
/// Horizontal flips are optional: they keep the instrument but mirror the pose (left hand ↔ right hand).
/// </summary>
public sealed record ImageAugmentation
{
    public int MaxShiftPixels { get; init; } = 6;
    public double FlipProbability { get; init; } = 0.5;
    public double BrightnessRange { get; init; } = 0.15;
    public double ContrastRange { get; init; } = 0.2;
    public double ChannelShiftRange { get; init; } = 0.06;

    /// <summary>An augmented copy of one image (edges clamp-extended when shifted).</summary>
    public float[] Apply(ReadOnlySpan<float> chw, int height, int width, Random rng)
    {
        int dx = rng.Next(-MaxShiftPixels, MaxShiftPixels + 1), dy = rng.Next(-MaxShiftPixels, MaxShiftPixels + 1);
        bool flip = rng.NextDouble() < FlipProbability;
        double contrast = 1 + (rng.NextDouble() * 2 - 1) * ContrastRange;
        double brightness = (rng.NextDouble() * 2 - 1) * BrightnessRange;
        Span<double> shift = stackalloc double[3];
        for (int c = 0; c < 3; c++) shift[c] = (rng.NextDouble() * 2 - 1) * ChannelShiftRange;

        var result = new float[chw.Length];
        int plane = height * width;
        for (int c = 0; c < 3; c++)
        {
            // Contrast around the channel mean, so it does not also move brightness.
            double mean = 0;
            for (int i = 0; i < plane; i++) mean += chw[c * plane + i];
            mean /= plane;
            for (int y = 0; y < height; y++)
            {
                int sy = Math.Clamp(y - dy, 0, height - 1);
                for (int x = 0; x < width; x++)
                {
                    int sx = Math.Clamp((flip ? width - 1 - x : x) - dx, 0, width - 1);
                    double v = (chw[c * plane + sy * width + sx] - mean) * contrast + mean + brightness + shift[c];
                    result[c * plane + y * width + x] = (float)Math.Clamp(v, -1.0, 1.0);
                }
            }
        }
        return result;
    }
}
