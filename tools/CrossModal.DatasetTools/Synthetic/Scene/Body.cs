using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>Which of the player's arms. The player faces the camera, so their right is the image's left.</summary>
internal enum Side { Right, Left }

/// <summary>
/// The player's skeleton in world units (a 200 x 200 stage, y down, the player centred on x = 100,
/// the floor at y = 192), from their build and height, seated or standing. Head tilt and nod move
/// the head about the neck, and the mouth with it, so wind instruments follow the head.
/// </summary>
internal sealed class Body
{
    public const float Ground = 192f;
    public const float HeadRadius = 12.5f;

    public required float Build { get; init; }
    public required SKColor Skin { get; init; }
    public required bool Seated { get; init; }
    public required float ShoulderY { get; init; }
    public required float HipY { get; init; }
    public required float KneeY { get; init; }
    public required float KneeSpread { get; init; }
    public required SKPoint HeadCenter { get; init; }
    public required SKPoint NeckBase { get; init; }
    public required float UpperArm { get; init; }
    public required float Forearm { get; init; }
    public float CenterX => 100f;

    /// <summary>Head roll in degrees (positive: towards the player's left / image right).</summary>
    public float HeadTilt { get; set; }

    /// <summary>Head nod in [0, 1] (a dip at each note onset).</summary>
    public float Nod { get; set; }

    public SKPoint Shoulder(Side side) => new(CenterX + (side == Side.Left ? 1 : -1) * 19f * Build, ShoulderY + 3f);

    /// <summary>The head centre after nod and tilt.</summary>
    public SKPoint Head => HeadPoint(new SKPoint(0, 0));

    /// <summary>The lips after nod and tilt: where a wind instrument's mouthpiece goes.</summary>
    public SKPoint Mouth => HeadPoint(new SKPoint(0, 6.6f));

    /// <summary>The chin, where a violin rests.</summary>
    public SKPoint Chin => HeadPoint(new SKPoint(2f, HeadRadius - 0.5f));

    /// <summary>A point given relative to the upright head centre, moved with the head's nod and tilt.</summary>
    public SKPoint HeadPoint(SKPoint offset)
    {
        var p = new SKPoint(HeadCenter.X + offset.X, HeadCenter.Y + offset.Y + 2.4f * Nod);
        float r = HeadTilt * MathF.PI / 180f;
        float dx = p.X - NeckBase.X, dy = p.Y - NeckBase.Y;
        return new SKPoint(NeckBase.X + dx * MathF.Cos(r) - dy * MathF.Sin(r), NeckBase.Y + dx * MathF.Sin(r) + dy * MathF.Cos(r));
    }

    public static Body Create(PlayerLook player, bool seated, float kneeSpread, float sway)
    {
        float h = player.Height;
        float hipY = seated ? 140f : Ground - 72f * h;
        float shoulderY = hipY - 56f * h;
        var head = new SKPoint(100f + sway, shoulderY - 22f * h);
        return new Body
        {
            Build = player.Build,
            Skin = player.Skin,
            Seated = seated,
            ShoulderY = shoulderY,
            HipY = hipY,
            KneeY = seated ? hipY + 11f : hipY + 36f * h,
            KneeSpread = kneeSpread,
            HeadCenter = head,
            NeckBase = new SKPoint(100f + sway * 0.5f, shoulderY + 1f),
            UpperArm = 27f * h,
            Forearm = 26f * h,
        };
    }

    /// <summary>
    /// Two-bone inverse kinematics: the elbow for a hand at <paramref name="hand"/>, bending down and
    /// outward as a player's elbows do. An unreachable hand is met by a straight arm.
    /// </summary>
    public SKPoint Elbow(Side side, SKPoint hand)
    {
        var s = Shoulder(side);
        float a = UpperArm, b = Forearm;
        var d = hand - s;
        float dist = Math.Clamp(d.Length, Math.Abs(a - b) + 0.5f, a + b - 0.05f);
        float baseAngle = MathF.Atan2(d.Y, d.X);
        float alpha = MathF.Acos(Math.Clamp((a * a + dist * dist - b * b) / (2 * a * dist), -1f, 1f));
        SKPoint Candidate(float sign) => new(s.X + a * MathF.Cos(baseAngle + sign * alpha), s.Y + a * MathF.Sin(baseAngle + sign * alpha));
        var e1 = Candidate(1); var e2 = Candidate(-1);
        float Score(SKPoint e) => e.Y + 0.7f * Math.Abs(e.X - CenterX);
        return Score(e1) >= Score(e2) ? e1 : e2;
    }
}
