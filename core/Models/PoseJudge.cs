using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// The second, independent pose judge (issue 17 §3): reads the same pose parameters as <see cref="PoseRegressor"/> with
/// another architecture — residual blocks with strided convolutions (<see cref="ResidualBlock.Stages"/>), no max
/// pooling — its own seed and its own augmented copies, trained apart from every recipe (<c>crossmodal train judges</c>).
/// A pose teacher of the regressor's kind could teach G features that fool the regressor alone; a generated pose that
/// this judge reads too is drawn, not an adversarial pattern of one architecture.
/// </summary>
public sealed class PoseJudge : InstrumentPoseModel
{
    private readonly Sequential features;
    private readonly PoseJudgeConfig config;

    public PoseJudge(PoseJudgeConfig config) : base(nameof(PoseJudge), "pose judge", config.Outputs, config.Instruments)
    {
        config.Validate();
        this.config = config;
        features = ResidualBlock.Stages(3, config.Widths, config.StemStride);
        CreateReadout((long)config.Widths[^1] * config.FinalSide * config.FinalSide, config.HiddenUnits);
        RegisterComponents();
    }

    public PoseJudgeConfig Config => config;

    protected override Tensor Features(Tensor images) => features.call(images).flatten(1);
}
