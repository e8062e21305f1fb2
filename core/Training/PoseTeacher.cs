using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// A frozen pose reader the pose models' generator is trained against (<see cref="GanTrainingOptions.PoseTeacherWeight"/>):
/// D's architecture with a pose head (<see cref="S2IDiscriminator"/>), trained alone and supervised — mean squared error
/// against each real frame's pose, frames shifted by up to an eighth of their side (DiffAugment's translation) — then
/// frozen. A pose head trained inside the GAN learns from real frames only, and G found images it reads as the note's
/// pose that the pose regressor does not (2026-12-07: the head 0.81 / 0.85 on the cello's generated hand and string,
/// the regressor -0.34 / 0.19). A teacher that does not move with G leaves G one fixed reading to satisfy, together
/// with D's realism. It is not the judge: another architecture (4x4 strided convolutions and leaky ReLU, against the
/// regressor's 3x3 convolutions, max pooling and per-instrument heads), one instrument's frames, its own seed.
/// </summary>
public static class PoseTeacher
{
    public const int Epochs = 30;
    /// <summary>
    /// Epochs over a family's frames and their copies (<c>teacherFrames: "family"</c>): 12–15 times the frames of one
    /// instrument, so 10 epochs are 2,400–3,000 updates where the instrument's own 30 are 600.
    /// </summary>
    public const int FamilyEpochs = 10;
    /// <summary>Shifted and recoloured copies of each family frame (never flipped: a flip changes the pose), as the pose regressor's recipe has.</summary>
    public const int FamilyAugmentedCopies = 2;
    public const int BatchSize = 32;
    public const double LearningRate = 1e-3;
    static readonly DiffAugmentPolicy Shifts = new() { Translation = true, Cutout = false };
    /// <summary>
    /// How G's samples are shifted before the teacher reads them (<see cref="GanTrainingOptions.PoseTeacherShifts"/>): up
    /// to the largest shift the regressor-kind teacher saw in training (<see cref="ImageAugmentation.MaxShiftPixels"/>, 6 pixels at 64x64).
    /// </summary>
    public static readonly DiffAugmentPolicy ShiftsForG = new() { Translation = true, TranslationFraction = new ImageAugmentation().MaxShiftPixels / 64.0, Cutout = false };

    /// <summary>Trains a teacher on <paramref name="images"/> [N,3,64,64] and their <paramref name="poses"/> [N,P] for <paramref name="epochs"/>; returns it frozen, in eval mode.</summary>
    public static S2IDiscriminator Train(GanConfig config, Tensor images, Tensor poses, long seed, CancellationToken cancel = default, int epochs = Epochs)
    {
        if (epochs < 1) throw new InvalidInputException($"a pose teacher needs at least one epoch, got {epochs}");
        var n = images.shape[0];
        if (n < 2 || poses.dim() != 2 || poses.shape[0] != n)
            throw new InvalidInputException($"a pose teacher needs at least 2 images with a pose each, got {n} images and poses [{string.Join(",", poses.shape)}]");
        Seeding.SeedTorch(seed, "pose-teacher");
        var teacher = new S2IDiscriminator(config, poseParameters: (int)poses.shape[1]).to(images.device);
        using var optimizer = optim.Adam(teacher.parameters(), LearningRate);
        teacher.train();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            using var shifts = new Generator((ulong)Seeding.Derive(seed, "pose-teacher-shifts", epoch));
            var batches = EpochPlan.Batches((int)n, BatchSize, seed, epoch);
            for (var step = 1; step <= batches.Count; step++)
            {
                cancel.ThrowIfCancellationRequested();
                var batch = batches[step - 1];
                using var scope = NewDisposeScope();
                var idx = tensor(batch.Select(i => (long)i).ToArray(), device: images.device);
                var shift = Shifts.Draw(batch.Length, images.shape[2], images.shape[3], shifts);
                GuardedUpdate.Run("pose teacher", epoch, step, optimizer, teacher, [teacher], _ =>
                    GanLosses.AuxiliaryPose(teacher.ReadPose(shift.Apply(images.index_select(0, idx))), poses.index_select(0, idx)));
            }
        }
        return Frozen(teacher);
    }

    /// <summary>A teacher as G is trained against it: eval mode (batch-norm statistics fixed) and no gradients for its parameters, only for the images it reads.</summary>
    internal static T Frozen<T>(T teacher) where T : nn.Module
    {
        teacher.eval();
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        return teacher;
    }
}
