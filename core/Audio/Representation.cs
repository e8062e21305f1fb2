namespace CrossModal.Core.Audio;

/// <summary>The audio input representations of the paper's Table 1. Shapes are for a 0.5 s chunk at 44.1 kHz.</summary>
public enum Representation
{
    /// <summary>Log-magnitude STFT in dB, [1025, 44].</summary>
    Stft,
    /// <summary>Mel spectrum: linear mel power, no log, [128, 44].</summary>
    Ms,
    /// <summary>Log-mel spectrogram in dB (librosa power_to_db of melspectrogram), [128, 44].</summary>
    Lms,
    /// <summary>Log-magnitude constant-Q transform in dB, C1 .. B7, [84, 44].</summary>
    Cqt,
    /// <summary>20 MFCCs (orthonormal DCT-II of the LMS), [20, 44].</summary>
    Mfcc,
}
