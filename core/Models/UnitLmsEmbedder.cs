using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

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
