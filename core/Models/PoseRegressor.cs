using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Pose regressor widths. Each conv block halves the 64x64 image, so <see cref="ConvChannels"/> (2 to 5 blocks)
/// sets both the widths and the final map size (64 / 2^blocks).
/// </summary>
public sealed record PoseRegressorConfig
{
    public int[] ConvChannels { get; init; } = [16, 32, 64, 64];
    public int HiddenUnits { get; init; } = 128;
    /// <summary>Pose parameters per instrument (pairs.csv pose_0..pose_3).</summary>
    public int Outputs { get; init; } = 4;
    /// <summary>Instrument heads (the 13 URMP classes in <see cref="CrossModal.Domain.Instruments.All"/> order).</summary>
    public int Instruments { get; init; } = 13;

    public void Validate()
    {
        if (ConvChannels is null || ConvChannels.Length is < 2 or > 5)
            throw new InvalidInputException($"pose regressor needs 2 to 5 conv widths, got {ConvChannels?.Length ?? 0}");
        foreach (var c in ConvChannels) SoundClassifierConfig.Positive(c, "conv width");
        SoundClassifierConfig.Positive(HiddenUnits, "hidden units");
        SoundClassifierConfig.Positive(Outputs, "pose outputs");
        SoundClassifierConfig.Positive(Instruments, "instruments");
    }
}

/// <summary>
/// Image CNN that reads the ground-truth pose parameters of the synthetic dataset from a 64x64 frame, so that
/// pose-oriented generation (paper §5.3, only judged by eye there) can be measured: generate from a sound,
/// predict the pose of the generated frame, compare with the pose the sound implies.
/// Conv blocks (3x3 conv, batch norm, ReLU, 2x2 max-pool), FC → ReLU, then one head of <see cref="PoseRegressorConfig.Outputs"/>
/// sigmoid outputs per instrument (<see cref="InstrumentPoseModel"/>): the features are shared, the read-out is not,
/// and no instrument's targets pull on another's outputs.
/// </summary>
public sealed class PoseRegressor : InstrumentPoseModel
{
    private readonly Sequential features;
    private readonly PoseRegressorConfig config;

    public PoseRegressor(PoseRegressorConfig config) : base(nameof(PoseRegressor), "pose regressor", config.Outputs, config.Instruments)
    {
        config.Validate();
        this.config = config;
        var layers = new List<Module<Tensor, Tensor>>();
        long cin = 3;
        foreach (var width in config.ConvChannels)
        {
            layers.Add(Conv2d(cin, width, 3, padding: 1));
            layers.Add(BatchNorm2d(width));
            layers.Add(ReLU());
            layers.Add(MaxPool2d(2));
            cin = width;
        }
        features = Sequential(layers);
        var side = 64 >> config.ConvChannels.Length;
        CreateReadout(cin * side * side, config.HiddenUnits);
        RegisterComponents();
    }

    public PoseRegressorConfig Config => config;

    protected override Tensor Features(Tensor images) => features.call(images).flatten(1);
}
