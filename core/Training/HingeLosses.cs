using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CrossModal.Core.Training;

/// <summary>
/// The hinge adversarial loss (Lim &amp; Ye 2017; Miyato et al. 2018), the objective the projection discriminator was
/// trained with, on raw discriminator scores. D: E[relu(1 − D(real, c))] + E[relu(1 + D(fake, c))] — a score past the
/// margin gives no gradient, so D stops pushing samples it already separates and its scores stay bounded; G:
/// −E[D(fake, c)]. GAN-CLS's wrong-image pair (a real image with another sound's condition) stays as a second
/// "fake" term, averaged with G's sample as in <see cref="GanLosses"/>: L_D = E[relu(1 − D(real, c))] +
/// (E[relu(1 + D(fake, c))] + E[relu(1 + D(wrong, c))]) / 2; without it (S2I-N) the two terms are summed.
/// Same signatures as <see cref="GanLosses"/>, so a trainer can switch between the two. Each term is a batch mean.
/// </summary>
public static class HingeLosses
{
    public static Tensor Discriminator(Tensor realScores, Tensor fakeScores, Tensor? wrongScores)
    {
        using var scope = NewDisposeScope();
        var real = relu(1 - realScores).mean();
        var fake = relu(1 + fakeScores).mean();
        if (wrongScores is null) return (real + fake).MoveToOuterDisposeScope();
        var wrong = relu(1 + wrongScores).mean();
        return (real + (fake + wrong) * 0.5).MoveToOuterDisposeScope();
    }

    public static Tensor Generator(Tensor fakeScores)
    {
        using var mean = fakeScores.mean();
        return mean.neg();
    }
}
