using CrossModal.Core;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// The General MIDI banks a sound-only set can be rendered with. FluidR3 is the bank the product trains on; freepats
/// (rendered by timidity) is one it never trains on, kept for measuring how the sound encoder generalises.
/// </summary>
public enum SoundBank { FluidR3, Freepats }

public static class SoundBanks
{
    public static SoundBank Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fluidr3" or "fluidr3_gm" => SoundBank.FluidR3,
        "freepats" => SoundBank.Freepats,
        _ => throw new InvalidInputException($"unknown sound bank '{name}' (known: fluidr3, freepats)."),
    };

    public static IMidiRenderer Locate(SoundBank bank) => bank switch
    {
        SoundBank.FluidR3 => FluidSynthRenderer.Locate(),
        SoundBank.Freepats => TimidityRenderer.Locate(),
        _ => throw new ArgumentOutOfRangeException(nameof(bank)),
    };
}
