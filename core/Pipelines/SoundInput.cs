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

/// <summary>
/// Presents a sound encoder trained on unit-scaled LMS as an embedder of LMS in dB. It only adapts inference:
/// the inner encoder is not registered as a submodule (it is trained and saved on its own).
/// </summary>
public sealed class UnitLmsEmbedder : nn.Module, IEmbedder
{
    readonly IEmbedder inner;

    public UnitLmsEmbedder(IEmbedder inner) : base($"UnitLms{inner.GetType().Name}")
    {
        this.inner = inner;
    }

    /// <summary>Switching mode (eval before embedding) reaches the inner encoder too.</summary>
    public override void train(bool on = true)
    {
        if (inner is nn.Module m) m.train(on);
        base.train(on);
    }

    public int EmbeddingSize => inner.EmbeddingSize;

    public Tensor Embed(Tensor lmsDb)
    {
        using var unit = SoundInput.ToUnit(lmsDb);
        return inner.Embed(unit);
    }
}
