namespace CrossModal.Domain;

/// <summary>LMS arithmetic along time that needs no tensor library (row-major: values[band * frames + frame]).</summary>
public static class LmsFrames
{
    /// <summary>
    /// Linear interpolation along time to <paramref name="newFrames"/> frames with half-pixel centres: the same values as
    /// core's bilinear LmsNormalisation.ResizeFrames (which stretches the I2S generator's 34 frames to a chunk's 44), for
    /// hosts that run no torch. A test pins the two together.
    /// </summary>
    public static float[] Resize(ReadOnlySpan<float> values, int bands, int frames, int newFrames)
    {
        if (bands < 1 || frames < 1 || newFrames < 1 || values.Length != (long)bands * frames)
            throw new ArgumentException($"cannot resize {values.Length} values as {bands} x {frames} to {newFrames} frames");
        var result = new float[bands * newFrames];
        double scale = (double)frames / newFrames;
        for (int f = 0; f < newFrames; f++)
        {
            double x = Math.Clamp((f + 0.5) * scale - 0.5, 0, frames - 1);
            int x0 = (int)Math.Floor(x), x1 = Math.Min(x0 + 1, frames - 1);
            double w = x - x0;
            for (int b = 0; b < bands; b++)
                result[b * newFrames + f] = (float)((1 - w) * values[b * frames + x0] + w * values[b * frames + x1]);
        }
        return result;
    }
}
