using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// The one LMS scaling every sound network of the product sees: dB clamped to the fixed range of
/// <see cref="LmsNormalisation.Default"/> and mapped to [-1, 1]. Datasets keep LMS in dB (readable, invertible);
/// the encoders are trained and called on this scaling, through <see cref="UnitLmsEmbedder{T}"/>.
/// </summary>
public static class SoundInput
{
    public static LmsNormalisation Normalisation => LmsNormalisation.Default;

    public static Tensor ToUnit(Tensor lmsDb) => Normalisation.ToUnit(lmsDb);
}
