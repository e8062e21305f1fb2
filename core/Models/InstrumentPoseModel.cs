using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// An image network that reads the synthetic dataset's pose parameters with one head per instrument, since pose_k means
/// something different per family (bow position vs. fingers down vs. valve tubing): <see cref="forward"/> returns every
/// head, [N, Instruments·Outputs] in [0, 1] (instrument i's parameters at columns i·Outputs … i·Outputs + Outputs − 1);
/// <see cref="Predict"/> picks each row's instrument. The pose models' judge (<see cref="PoseRegressor"/>) and the second
/// pose judge (<see cref="PoseJudge"/>) are two architectures of it: each builds its own image features, then this
/// read-out — one hidden layer (ReLU) and the heads (sigmoid) — shared by every instrument's features.
/// </summary>
public abstract class InstrumentPoseModel(string name, string description, int outputs, int instruments) : Module<Tensor, Tensor>(name)
{
    // Built by the subclass after its features (CreateReadout), so that the initial draws follow the layers' order;
    // the field names are those under which stored weights load.
    protected Linear? hidden, heads;

    /// <summary>Pose parameters per instrument (pairs.csv pose_0..pose_3).</summary>
    public int Outputs => outputs;
    /// <summary>Instrument heads (the 13 URMP classes in <see cref="CrossModal.Domain.Instruments.All"/> order).</summary>
    public int Instruments => instruments;

    /// <summary>The read-out on <paramref name="featureSize"/> features: call after the features, before <c>RegisterComponents</c>.</summary>
    protected void CreateReadout(long featureSize, int hiddenUnits)
    {
        hidden = Linear(featureSize, hiddenUnits);
        heads = Linear(hiddenUnits, (long)instruments * outputs);
    }

    /// <summary>The image's features, flattened: [N, featureSize].</summary>
    protected abstract Tensor Features(Tensor images);

    /// <summary>All instruments' pose estimates, [N, Instruments·Outputs] in [0, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        ModelShapes.Expect(images, description, 3, 64, 64);
        using var scope = NewDisposeScope();
        var h = functional.relu(hidden!.call(Features(images)));
        return functional.sigmoid(heads!.call(h)).MoveToOuterDisposeScope();
    }

    /// <summary>Pose estimates of each image for its own instrument: [N, Outputs] in [0, 1].</summary>
    public Tensor Predict(Tensor images, Tensor instrumentIndices)
    {
        var n = images.shape[0];
        if (instrumentIndices.dim() != 1 || instrumentIndices.shape[0] != n)
            throw new InvalidInputException($"expected {n} instrument indices [N], got [{string.Join(",", instrumentIndices.shape)}]");
        if (instrumentIndices.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new InvalidInputException($"instrument indices must be integers, got {instrumentIndices.dtype}");
        using var scope = NewDisposeScope();
        var idx = instrumentIndices.to_type(ScalarType.Int64).to(images.device);
        if (n > 0 && (idx.min().item<long>() < 0 || idx.max().item<long>() >= Instruments))
            throw new InvalidInputException($"instrument indices must be in 0..{Instruments - 1}");
        var all = forward(images).view(n, Instruments, Outputs);
        var gather = idx.view(n, 1, 1).expand(n, 1, Outputs);
        return all.gather(1, gather).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>One instrument's head as a pose reader of images alone (a pose teacher of one instrument's pose model).</summary>
    public IPoseReader ForInstrument(int instrument)
    {
        if (instrument < 0 || instrument >= Instruments) throw new InvalidInputException($"instrument index must be in 0..{Instruments - 1}, got {instrument}");
        return new InstrumentHead(this, instrument);
    }

    sealed class InstrumentHead(InstrumentPoseModel model, int instrument) : IPoseReader
    {
        public int PoseParameters => model.Outputs;

        public Tensor ReadPose(Tensor images)
        {
            using var scope = NewDisposeScope();
            var n = images.shape[0];
            var idx = full(n, instrument, ScalarType.Int64, device: images.device);
            return model.Predict(images, idx).MoveToOuterDisposeScope();
        }
    }
}
