using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Pipelines;

namespace CrossModal.GeneratorService.Generation;

/// <summary>Which stored model a generation request means: its model_id, or the variant (and instrument for pose).</summary>
public static class ModelChoice
{
    public static string SoundToImage(string? modelId, string? variant, string? instrument)
    {
        if (!string.IsNullOrWhiteSpace(modelId)) return modelId.Trim();
        var v = string.IsNullOrWhiteSpace(variant) ? "c" : variant.Trim().ToLowerInvariant();
        if (v == "pose")
        {
            if (string.IsNullOrWhiteSpace(instrument)) throw new InvalidInputException("the pose variant has one model per instrument: name the instrument.");
            var i = Instruments.IndexOf(instrument.Trim());
            if (i < 0) throw new InvalidInputException($"'{instrument}' is not an instrument ({string.Join(", ", Instruments.All)}).");
            return StoredModels.PoseId(Instruments.All[i]);
        }
        if (v is not ("c" or "n" or "a")) throw new InvalidInputException($"variant must be c, n, a or pose, got '{variant}'.");
        return StoredModels.S2IId(v);
    }
}
