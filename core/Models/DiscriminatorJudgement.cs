using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// What one pass of a discriminator over a batch gives: the real/fake logit [N]; with an auxiliary class head, class
/// logits [N, K + 1] (the K classes, then "generated" at index K); with a pose head, the pose D reads [N, P]. The heads
/// read D's features of the sample, not the condition, so they cannot just echo it. Deconstructs into (logit, class
/// logits) for the callers that have no use for the pose.
/// </summary>
public readonly record struct DiscriminatorJudgement(Tensor Logit, Tensor? ClassLogits, Tensor? Pose = null)
{
    public void Deconstruct(out Tensor logit, out Tensor? classLogits)
    {
        logit = Logit;
        classLogits = ClassLogits;
    }
}
