using System.Globalization;
using System.Text;
using CrossModal.Core;
using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>Reads and writes pairs.csv (comma-separated, a header row, invariant number format).</summary>
public static class PairsCsv
{
    public const string FileName = "pairs.csv";

    public static readonly string[] Columns =
    [
        "split", "instrument", "name", "piece", "start_ms", "midi_pitch", "velocity", "dbfs", "gm_program",
        "pose_0", "pose_1", "pose_2", "pose_3", "player_id", "outfit_id", "background_id",
        "camera_zoom", "camera_dx", "camera_dy", "camera_rotation_deg",
    ];

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(IEnumerable<SyntheticPair> pairs)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append('\n');
        foreach (var p in pairs)
        {
            sb.Append(p.Split).Append(',').Append(p.Instrument).Append(',').Append(p.Name).Append(',')
              .Append(p.Piece.ToString(Inv)).Append(',').Append(p.StartMs.ToString(Inv)).Append(',')
              .Append(p.MidiPitch.ToString(Inv)).Append(',').Append(p.Velocity.ToString(Inv)).Append(',')
              .Append(p.Dbfs.ToString("F2", Inv)).Append(',').Append(p.GmProgram.ToString(Inv)).Append(',')
              .Append(p.Pose.Pose0.ToString("F4", Inv)).Append(',').Append(p.Pose.Pose1.ToString("F4", Inv)).Append(',')
              .Append(p.Pose.Pose2.ToString("F4", Inv)).Append(',').Append(p.Pose.Pose3.ToString("F4", Inv)).Append(',')
              .Append(p.PlayerId.ToString(Inv)).Append(',').Append(p.OutfitId.ToString(Inv)).Append(',')
              .Append(p.BackgroundId.ToString(Inv)).Append(',')
              .Append(p.CameraZoom.ToString("F4", Inv)).Append(',').Append(p.CameraDx.ToString("F4", Inv)).Append(',')
              .Append(p.CameraDy.ToString("F4", Inv)).Append(',').Append(p.CameraRotationDeg.ToString("F3", Inv)).Append('\n');
        }
        return sb.ToString();
    }

    public static IReadOnlyList<SyntheticPair> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"'{path}': file not found.");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != string.Join(',', Columns))
            throw new InvalidInputException($"'{path}': not a synthetic pairs.csv (unexpected header).");
        var pairs = new List<SyntheticPair>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split(',');
            if (f.Length != Columns.Length)
                throw new InvalidInputException($"'{path}' line {i + 1}: expected {Columns.Length} fields, found {f.Length}.");
            try
            {
                pairs.Add(new SyntheticPair(
                    f[0], f[1], f[2], int.Parse(f[3], Inv), int.Parse(f[4], Inv), int.Parse(f[5], Inv), int.Parse(f[6], Inv),
                    double.Parse(f[7], Inv), int.Parse(f[8], Inv),
                    new PoseParameters(float.Parse(f[9], Inv), float.Parse(f[10], Inv), float.Parse(f[11], Inv), float.Parse(f[12], Inv)),
                    int.Parse(f[13], Inv), int.Parse(f[14], Inv), int.Parse(f[15], Inv),
                    float.Parse(f[16], Inv), float.Parse(f[17], Inv), float.Parse(f[18], Inv), float.Parse(f[19], Inv)));
            }
            catch (FormatException e)
            {
                throw new InvalidInputException($"'{path}' line {i + 1}: a number is malformed ({e.Message}).", e);
            }
        }
        return pairs;
    }
}
