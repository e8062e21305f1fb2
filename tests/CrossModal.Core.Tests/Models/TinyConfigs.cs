using CrossModal.Core.Models;

namespace CrossModal.Core.Tests.Models;

/// <summary>Small widths so that shape and training tests run in milliseconds.</summary>
internal static class TinyConfigs
{
    public static SoundClassifierConfig Sound(int convLayers = 4) => new()
    {
        ConvLayers = convLayers, ConvChannels = [2, 2, 4, 4], HiddenUnits = 16,
    };

    public static ImageClassifierConfig Image => new() { ConvChannels = [2, 2, 2, 2, 4, 4], HiddenUnits = 16 };

    public static AutoencoderConfig Autoencoder => new() { StackChannels = [2, 2, 2] };

    public static GanConfig Gan => new()
    {
        GeneratorFilters = 2, DiscriminatorFilters = 2, NoiseSize = 8, ConditionSize = 4, I2SMapChannels = 4,
    };
}
