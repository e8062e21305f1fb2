namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// A program that renders a Standard MIDI File offline through one General MIDI sound bank, mono at 44.1 kHz.
/// The synthetic dataset is rendered by <see cref="FluidSynthRenderer"/> (FluidR3) only; other banks
/// (<see cref="TimidityRenderer"/> with freepats) make sound-only sets for testing generalisation.
/// </summary>
public interface IMidiRenderer
{
    /// <summary>The bank's name as recorded in manifests and reports (e.g. "FluidR3_GM.sf2", "freepats").</summary>
    string BankName { get; }

    /// <summary>
    /// Whether the bank has its own patch for this 0-based GM program. A renderer asked for a program its bank lacks
    /// plays some other patch (or nothing) without complaint, so a caller checks here first and reports the gap.
    /// </summary>
    bool HasProgram(int gmProgram);

    /// <summary>Renders <paramref name="midi"/> (SMF bytes) in <paramref name="workDir"/> and returns mono samples at 44.1 kHz.</summary>
    float[] Render(byte[] midi, string workDir, string name, CancellationToken ct);
}
