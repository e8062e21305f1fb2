using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace CrossModal.Core.Training;

/// <summary>
/// GAN-CLS objectives (Reed et al. 2016; paper §3.2) on discriminator logits, written as losses to minimise
/// with BCE-with-logits (log σ computed stably). With Sr = σ(real pair), Sf = σ(generated), Sw = σ(wrong pair):
/// D maximises log Sr + (log(1 − Sw) + log(1 − Sf)) / 2, so its loss is −log Sr − (log(1 − Sw) + log(1 − Sf)) / 2;
/// without a wrong term (S2I-N) D maximises log Sr + log(1 − Sf). G maximises log Sf, loss −log Sf.
/// Each term is a batch mean.
/// </summary>
public static class GanLosses
{
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, Tensor? wrongLogits)
    {
        using var scope = NewDisposeScope();
        var real = binary_cross_entropy_with_logits(realLogits, ones_like(realLogits));
        var fake = binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
        if (wrongLogits is null) return (real + fake).MoveToOuterDisposeScope();
        var wrong = binary_cross_entropy_with_logits(wrongLogits, zeros_like(wrongLogits));
        return (real + (wrong + fake) * 0.5).MoveToOuterDisposeScope();
    }

    public static Tensor Generator(Tensor fakeLogits)
    {
        using var target = ones_like(fakeLogits);
        return binary_cross_entropy_with_logits(fakeLogits, target);
    }

    /// <summary>
    /// The auxiliary class term: cross-entropy of D's K+1-way class head against a target class, batch mean. D
    /// minimises it on real samples (target: their instrument) and on G's samples (target: "generated", index K);
    /// G minimises it on its samples with the instrument of their condition as target.
    /// </summary>
    public static Tensor AuxiliaryClass(Tensor classLogits, Tensor labels) => cross_entropy(classLogits, labels);

    /// <summary>
    /// The auxiliary pose term: mean squared error of D's pose reading against a pose, over the batch and the parameters.
    /// D minimises it on real samples (target: their pose), G on its samples (target: the pose of their condition's pair).
    /// </summary>
    public static Tensor AuxiliaryPose(Tensor poseReading, Tensor poses) => mse_loss(poseReading, poses);
}
