using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// Reads a pose from images alone: [N, 3, 64, 64] in [-1, 1] → [N, <see cref="PoseParameters"/>] in the pose
/// parameters' [0, 1] units, differentiable in the images. What a pose teacher must be
/// (<see cref="Training.GanTrainer.PoseTeacher"/>): a discriminator's pose head, or one instrument's head of a pose
/// model (<see cref="InstrumentPoseModel.ForInstrument"/>).
/// </summary>
public interface IPoseReader
{
    int PoseParameters { get; }
    Tensor ReadPose(Tensor images);
}
