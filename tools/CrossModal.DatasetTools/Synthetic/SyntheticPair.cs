namespace CrossModal.DatasetTools.Synthetic;

/// <summary>One row of pairs.csv: a chunk, its image, the note and the ground-truth pose and scene ids.</summary>
public sealed record SyntheticPair(
    string Split,
    string Instrument,
    string Name,
    int Piece,
    int StartMs,
    int MidiPitch,
    int Velocity,
    double Dbfs,
    int GmProgram,
    PoseParameters Pose,
    int PlayerId,
    int OutfitId,
    int BackgroundId,
    float CameraZoom,
    float CameraDx,
    float CameraDy,
    float CameraRotationDeg)
{
    public string ImagePath(string root) => Path.Combine(root, "img", Split, Instrument, Name + ".jpg");
    public string ChunkPath(string root) => Path.Combine(root, "chunk", Split, Instrument, Name + ".wav");
}
