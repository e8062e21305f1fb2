using CrossModal.Core.Models;

namespace CrossModal.Core.Tests.Models;

/// <summary>Small widths for the projection-discriminator pair, so its tests run in milliseconds.</summary>
internal static class TinyProjectionGan
{
    public static ProjectionGanConfig Config => new()
    {
        GeneratorFilters = 2, DiscriminatorFilters = 2, NoiseSize = 8, ConditionSize = 4,
    };
}
