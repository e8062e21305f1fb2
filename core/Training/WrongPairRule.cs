namespace CrossModal.Core.Training;

/// <summary>Which samples may serve as the "wrong" half of a mismatched pair (paper §3.2 variants).</summary>
public enum WrongPairRule
{
    /// <summary>No wrong-pair term (S2I-N).</summary>
    None,
    /// <summary>Uniformly from other instruments (S2I-C, S2I-A, I2S).</summary>
    OtherInstrument,
    /// <summary>Same instrument, another piece (pose-oriented S2I; another piece never shares the frame's note and pose timing).</summary>
    SameInstrumentOtherPiece,
    /// <summary>Same instrument, any other frame (the paper's wording for pose-oriented S2I).</summary>
    SameInstrumentOtherFrame,
    /// <summary>
    /// Same piece, another pitch (pose-oriented S2I, issue 17 §3): the same player, clothes, background and camera in
    /// another note's pose, so the only thing that tells the wrong image from the right one is the pose the note sets.
    /// A frame whose piece never plays another pitch takes its partner from another piece of the instrument.
    /// Needs every sample's pitch.
    /// </summary>
    SamePieceOtherPitch,
}
