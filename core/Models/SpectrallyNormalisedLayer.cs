using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// A layer whose weight is divided by its largest singular value σ before use: spectral normalisation (Miyato et al.
/// 2018), which bounds each layer's Lipschitz constant by 1 so that a discriminator built from such layers cannot
/// sharpen without limit and starve the generator of gradient — the instability GAN-CLS's batch-norm D showed here.
/// TorchSharp has no spectral norm, so the power iteration is written out: σ is estimated from a persistent
/// estimate <c>u</c> of the first left singular vector of the weight reshaped to [out, in·k·k], one iteration per
/// training-mode forward pass, as in the reference (SNGAN): v = Wᵀu/‖Wᵀu‖, u = Wv/‖Wv‖, σ = uᵀWv. The iteration runs
/// without gradients and u, v are constants in σ's graph (the reference's choice; the gradient of σ is then uvᵀ).
/// <c>u</c> is a registered buffer: it is saved and loaded with the weights, so a stored discriminator resumes with
/// a converged estimate, and it is drawn from torch's generator at construction (deterministic from the seed that
/// also draws the weights). In eval mode u is read, not updated, so evaluating a model does not change it.
/// </summary>
public abstract class SpectrallyNormalisedLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Added to norms before dividing, as in the reference; keeps a zero weight from giving NaN.</summary>
    private const double NormEpsilon = 1e-12;

    // Field names are the state-dict names (RegisterComponents registers fields by name): weight, bias, u.
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;

    /// <param name="weightShape">[out, ...]: the first dimension is the output's, the rest is flattened for σ.</param>
    /// <param name="hasBias">A bias of length out, not normalised (it does not change the layer's Lipschitz constant).</param>
    protected SpectrallyNormalisedLayer(string name, long[] weightShape, bool hasBias) : base(name)
    {
        weight = new Parameter(empty(weightShape));
        // Glorot uniform as in the reference; the scale matters little since the weight is divided by σ anyway.
        nn.init.xavier_uniform_(weight);
        bias = hasBias ? new Parameter(zeros(weightShape[0])) : null;
        using (var draw = randn(weightShape[0])) u = Normalised(draw);
        RegisterComponents();
    }

    /// <summary>The raw (unnormalised) weight that the optimiser updates.</summary>
    public Parameter Weight => weight;

    public Parameter? Bias => bias;

    /// <summary>The current estimate of the weight's first left singular vector, [out] (a buffer).</summary>
    public Tensor LeftSingularVector => u;

    /// <summary>
    /// The estimate of the weight's largest singular value, differentiable with respect to the weight. In training mode
    /// it first advances the power iteration by one step and stores the new u; in eval mode it uses u as stored.
    /// </summary>
    public Tensor Sigma()
    {
        using var scope = NewDisposeScope();
        var matrix = weight.reshape(weight.shape[0], -1);
        Tensor left, right;
        using (no_grad())
        {
            right = Normalised(matrix.t().mv(u));
            if (training) u.copy_(Normalised(matrix.mv(right)));
            // A copy, not u itself: D runs several forward passes (real, fake, wrong pair) before one backward, and each
            // training pass updates u in place; σ's graph must keep the u it was computed with.
            left = u.clone();
        }
        return left.dot(matrix.mv(right)).MoveToOuterDisposeScope();
    }

    /// <summary>W / σ, the weight the layer applies (advancing the power iteration in training mode, as <see cref="Sigma"/>).</summary>
    public Tensor NormalisedWeight()
    {
        using var scope = NewDisposeScope();
        return weight.div(Sigma()).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Apply(input, NormalisedWeight(), bias).MoveToOuterDisposeScope();
    }

    /// <summary>The layer's operation (convolution, affine map) with the normalised weight.</summary>
    protected abstract Tensor Apply(Tensor input, Tensor normalisedWeight, Tensor? bias);

    private static Tensor Normalised(Tensor vector)
    {
        using var norm = vector.norm();
        using var denominator = norm.add(NormEpsilon);
        return vector.div(denominator);
    }
}
