using CrossModal.Core;
using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Video;

/// <param name="VideosDir">Folder of performance videos (see <see cref="VideoDiscovery"/> for naming).</param>
/// <param name="OutputDir">The dataset folder to create; must not exist or be empty.</param>
/// <param name="Seed">Drives the train/validation split.</param>
/// <param name="ImageSize">Side of the square frames stored (centre crop, then bicubic scale). 256 matches the released Sub-URMP frames.</param>
/// <param name="ValidationFraction">Share of each instrument's videos held out (the paper's 80/20).</param>
public sealed record VideoBuildOptions(
    string VideosDir,
    string OutputDir,
    long Seed = 0,
    int ImageSize = 256,
    double ValidationFraction = 0.2)
{
    public void Validate()
    {
        if (ImageSize is < 16 or > 1024) throw new InvalidInputException($"image size must be 16 to 1024 pixels, got {ImageSize}.");
        if (double.IsNaN(ValidationFraction) || ValidationFraction is < 0 or >= 1)
            throw new InvalidInputException($"validation fraction must be in [0, 1), got {ValidationFraction}.");
        if (!Directory.Exists(VideosDir)) throw new InvalidInputException($"'{VideosDir}': videos folder not found.");
    }
}

/// <summary>Where a build is: <paramref name="Done"/> of <paramref name="Total"/> videos finished, the current one and its stage.</summary>
public sealed record VideoBuildProgress(int Done, int Total, string Video, string Stage);

/// <summary>The finished dataset: its folder, manifest (with counts) and what was left out.</summary>
public sealed record VideoBuildResult(string OutputDir, DatasetManifest Manifest, DatasetReport Report, int Pairs, int Videos);
