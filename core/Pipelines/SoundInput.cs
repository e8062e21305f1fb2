using CrossModal.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Pipelines;

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

/// <summary>Presents a sound encoder trained on unit-scaled LMS as an embedder of LMS in dB.</summary>
public sealed class UnitLmsEmbedder<T> : nn.Module, IEmbedder where T : nn.Module, IEmbedder
{
    readonly T inner;

    public UnitLmsEmbedder(T inner) : base($"UnitLms{inner.GetType().Name}")
    {
        this.inner = inner;
        RegisterComponents();
    }

    public int EmbeddingSize => inner.EmbeddingSize;

    public Tensor Embed(Tensor lmsDb)
    {
        using var unit = SoundInput.ToUnit(lmsDb);
        return inner.Embed(unit);
    }
}
