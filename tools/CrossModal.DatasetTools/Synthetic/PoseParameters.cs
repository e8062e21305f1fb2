using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// The ground-truth pose of one image, four values in [0, 1] whose meaning depends on the family
/// (see <see cref="InstrumentFamily"/> and docs/DATASET.md):
/// strings: bow position, left hand along the neck, string, head nod;
/// woodwinds: left-hand fingers closed, right-hand fingers closed, register, head nod;
/// brass: tubing added by valves/slide, harmonic partial, register, head nod.
/// </summary>
public readonly record struct PoseParameters(float Pose0, float Pose1, float Pose2, float Pose3)
{
    public float this[int i] => i switch { 0 => Pose0, 1 => Pose1, 2 => Pose2, 3 => Pose3, _ => throw new ArgumentOutOfRangeException(nameof(i)) };
}
