using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// A timbre-normalising front end for the sound classifier (issue 19): each frame of the log-mel spectrogram minus its
/// own average over the <c>bands</c> mel bands around each band. In dB that divides every band by the frame's smooth
/// spectral envelope, so what a fixed filter does to the sound — a speaker's or microphone's EQ, a room's colour,
/// another bank's brighter or darker recording — is removed, while what lies within a few bands is kept: harmonic
/// peaks against the troughs between them, noise against tone, onsets and vibrato over time. Near the spectrum's two
/// ends the average is taken over the bands that exist (no zero padding pulling it down). No weights: it is part of the
/// network's arithmetic, on whatever device the input is.
/// </summary>
public static class SpectralWhitening
{
    /// <summary>The narrowest and widest smoothing windows (odd, in mel bands).</summary>
    public const int MinBands = 3, MaxBands = 63;

    /// <summary><paramref name="lms"/> [N, 1, bands, frames] minus its local average over <paramref name="bands"/> mel bands.</summary>
    public static Tensor Apply(Tensor lms, int bands)
    {
        Validate(bands);
        using var envelope = nn.functional.avg_pool2d(lms, new long[] { bands, 1 }, new long[] { 1, 1 }, new long[] { bands / 2, 0 }, ceil_mode: false, count_include_pad: false);
        return lms - envelope;
    }

    /// <summary>Refuses a window that is even (it would shift the spectrum by half a band) or outside <see cref="MinBands"/>..<see cref="MaxBands"/>.</summary>
    public static void Validate(int bands)
    {
        if (bands is < MinBands or > MaxBands || bands % 2 == 0)
            throw new InvalidInputException($"spectral whitening needs an odd window of {MinBands}..{MaxBands} mel bands, got {bands}.");
    }
}
