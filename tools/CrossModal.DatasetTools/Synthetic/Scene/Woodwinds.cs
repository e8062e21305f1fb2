using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>Fingers on tone holes: a closed finger covers its hole; a lifted one hovers beside an open, dark hole.</summary>
internal static class Fingers
{
    static readonly SKColor Hole = new(0x0C, 0x0A, 0x08);

    /// <param name="first">the top finger's place on the tube</param>
    /// <param name="along">unit vector down the tube, <paramref name="spacing"/> between fingers</param>
    /// <param name="away">unit vector in which lifted fingers rise</param>
    /// <param name="closed">how many fingers, from the top, are down</param>
    public static void Draw(SKCanvas c, SKPoint first, SKPoint along, float spacing, SKPoint away, int closed, SKColor skin, float size = 1.9f)
    {
        for (int k = 0; k < 3; k++)
        {
            var hole = first + Ink.Scale(along, spacing * k);
            if (k < closed)
            {
                Ink.Circle(c, hole, size + 0.45f, Ink.Darker(skin, 0.7f));
                Ink.Circle(c, hole, size, skin);
            }
            else
            {
                Ink.Circle(c, hole, size * 0.55f, Hole);
                var lifted = hole + Ink.Scale(away, size * 2.1f);
                Ink.Circle(c, lifted, size + 0.45f, Ink.Darker(skin, 0.7f));
                Ink.Circle(c, lifted, size, skin);
            }
        }
    }

    public static int Count(float fraction) => (int)Math.Round(fraction * 3);
}

/// <summary>Flute: a silver tube held sideways at the lips, reaching out to the player's right (the image's left).</summary>
internal sealed class FlutePainter : InstrumentPainter
{
    public override SKRect Frame(Body body) => LeftReaching(base.Frame(body));

    public override float HeadTilt(PoseParameters pose) => -7f - 3f * (pose.Pose2 - 0.5f);

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        var u = Ink.Dir(171);
        var down = new SKPoint(-u.Y, u.X); // points below the tube (u points left)
        var lip = body.Mouth + Ink.Scale(down, 2.2f);
        SKPoint At(float t, float off = 0) => lip + Ink.Scale(u, t) + Ink.Scale(down, off);
        var skin = body.Skin;
        drawArm(Side.Left, At(25, 3.5f));
        drawArm(Side.Right, At(47, 3.5f));
        Ink.Tube(c, At(-13), At(64), 3.6f, 3.6f, Ink.Silver);
        foreach (float ring in new[] { 15f, 52f }) Ink.Line(c, At(ring, -2), At(ring, 2), Ink.Silver[2], 0.9f, SKStrokeCap.Butt);
        Ink.Oval(c, At(0, -0.4f), 2.4f, 1.4f, Ink.Silver[1]);
        Ink.Circle(c, At(0, -0.4f), 0.8f, new SKColor(0x20, 0x20, 0x22));
        for (float t = 31; t < 62; t += 7) Ink.Circle(c, At(t, -0.4f), 1.1f, Ink.Silver[2]);
        var up = Ink.Scale(down, -1);
        Fingers.Draw(c, At(20.5f, -0.6f), u, 4.3f, up, Fingers.Count(pose.Pose0), skin);
        Fingers.Draw(c, At(42.5f, -0.6f), u, 4.3f, up, Fingers.Count(pose.Pose1), skin);
    }
}

/// <summary>
/// Clarinet and oboe: a dark vertical tube from the lips down in front of the chest, left hand above the right.
/// The clarinet is wider with a flared bell and a mouthpiece; the oboe is slimmer with a reed and a small bell, and
/// is held angled out to the side. The angle is for the 64 x 64 classifiers: at that size the oboe's thin rosewood
/// tube, mostly behind the hands, was all that told it from a clarinet, and a classifier tested on unseen players
/// called every oboe a clarinet; a tube 14° off vertical survives the downscale (and a horizontal flip).
/// </summary>
internal sealed class ClarinetPainter(bool oboe) : InstrumentPainter
{
    public override float HeadTilt(PoseParameters pose) => 2f * (pose.Pose2 - 0.5f);

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        var u = Ink.Dir((oboe ? 77 : 91) - 4 * (pose.Pose2 - 0.5f));
        var side = new SKPoint(-u.Y, u.X); // towards the image's left
        var top = body.Mouth;
        SKPoint At(float t, float off = 0) => top + Ink.Scale(u, t) + Ink.Scale(side, off);
        var wood = oboe ? Ink.Rosewood : Ink.Ebony;
        float length = oboe ? 56 : 58;
        if (oboe)
        {
            Ink.Tube(c, At(-1.5f), At(2), 1.2f, 1.9f, [new(0xE6, 0xC8, 0x8A), new(0xC0, 0x98, 0x58), new(0x80, 0x60, 0x30)]);
            Ink.Tube(c, At(2), At(length - 8), 3.6f, 4.8f, wood);
            Ink.Tube(c, At(length - 8), At(length), 4.8f, 8f, wood, roundEnds: false);
            foreach (float ring in new[] { 2.5f, 20f, 38f, length - 8 }) Ink.Line(c, At(ring, -2.4f), At(ring, 2.4f), Ink.Silver[1], 1.1f, SKStrokeCap.Butt);
            // The oboe's many silver keys run along its length.
            Ink.Line(c, At(6, 2.2f), At(length - 10, 2.7f), Ink.Silver[1], 0.7f);
            Ink.Line(c, At(9, -2.2f), At(length - 12, -2.7f), Ink.Silver[1], 0.7f);
        }
        else
        {
            Ink.Tube(c, At(-1), At(6), 2.8f, 4f, Ink.Ebony);
            Ink.Line(c, At(3.5f, -2.3f), At(3.5f, 2.3f), Ink.Silver[1], 1.6f, SKStrokeCap.Butt);
            Ink.Tube(c, At(6), At(11), 5.4f, 5.4f, wood);
            Ink.Tube(c, At(11), At(length - 11), 4.8f, 4.8f, wood);
            Ink.Tube(c, At(length - 12), At(length), 5f, 13.5f, wood, roundEnds: false);
            Ink.Oval(c, At(length), 6.8f, 2f, Ink.Ebony[2]);
            foreach (float ring in new[] { 6f, 11f, 30f, length - 12 }) Ink.Line(c, At(ring, -2.8f), At(ring, 2.8f), Ink.Silver[1], 1.1f, SKStrokeCap.Butt);
            Ink.Line(c, At(33, 2.4f), At(length - 14, 2.4f), Ink.Silver[1], 0.7f);
        }
        var skin = body.Skin;
        drawArm(Side.Left, At(20, -3.8f));
        drawArm(Side.Right, At(39, 3.8f));
        Fingers.Draw(c, At(15), u, 4.3f, Ink.Scale(side, -1), Fingers.Count(pose.Pose0), skin, oboe ? 1.7f : 1.9f);
        Fingers.Draw(c, At(34), u, 4.3f, side, Fingers.Count(pose.Pose1), skin, oboe ? 1.7f : 1.9f);
    }
}

/// <summary>Bassoon: a tall reddish-brown pipe held diagonally across the body, top above the left shoulder, a silver bocal to the lips.</summary>
internal sealed class BassoonPainter : InstrumentPainter
{
    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        var u = Ink.Dir(-71);
        var bottom = new SKPoint(body.CenterX - 21, body.HipY + 20);
        var n = new SKPoint(-u.Y, u.X);
        SKPoint At(float t, float off = 0) => bottom + Ink.Scale(u, t) + Ink.Scale(n, off);
        // Boot joint (wider, the U-turn at the bottom), wing, long joint and the pale bell cap.
        Ink.Tube(c, At(0), At(30), 12, 11, Ink.Bassoon);
        Ink.Tube(c, At(30), At(60), 8.5f, 8, Ink.Bassoon);
        Ink.Tube(c, At(54, -3), At(122, -3), 7, 7, Ink.Bassoon);
        Ink.Tube(c, At(118, -3), At(127, -3), 8.6f, 9.2f, [new(0xF0, 0xE4, 0xD0), new(0xCF, 0xBE, 0xA2), new(0x90, 0x80, 0x68)]);
        foreach (float ring in new[] { 2f, 30f, 58f, 88f, 118f }) Ink.Line(c, At(ring, -6.5f), At(ring, 5.5f), Ink.Silver[1], 1.2f, SKStrokeCap.Butt);
        // The bocal curls from the wing joint to the mouth.
        using (var bocal = new SKPathBuilder())
        {
            var start = At(58, 3.5f);
            bocal.MoveTo(start);
            bocal.CubicTo(start + Ink.Scale(u, 12) + Ink.Scale(n, 8), body.Mouth + new SKPoint(14, 4), body.Mouth + new SKPoint(1.5f, 0.5f));
            Ink.CurvedTube(c, bocal, 1.7f, Ink.Silver);
        }
        var skin = body.Skin;
        drawArm(Side.Left, At(67, 4));
        drawArm(Side.Right, At(24, 5));
        Fingers.Draw(c, At(61, 1), u, -4.6f, n, Fingers.Count(pose.Pose0), skin);
        Fingers.Draw(c, At(28, 1.5f), u, -4.6f, n, Fingers.Count(pose.Pose1), skin);
    }
}

/// <summary>Saxophone: a golden curved horn hanging in front, neck to the lips, body down, a U-bend and an upturned bell. The tenor is larger.</summary>
internal sealed class SaxophonePainter(bool tenor) : InstrumentPainter
{
    public override float HeadTilt(PoseParameters pose) => -3f;

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        float s = tenor ? 1.17f : 1f;
        var m = body.Mouth;
        var neckEnd = new SKPoint(m.X - 4 * s, m.Y + 19 * s);
        var bodyEnd = new SKPoint(m.X - 12 * s, m.Y + 70 * s);
        var bellBase = new SKPoint(bodyEnd.X - 21 * s, bodyEnd.Y - 3 * s);
        var bellTop = new SKPoint(bodyEnd.X - 27 * s, bodyEnd.Y - 28 * s);
        Ink.Tube(c, m + new SKPoint(0, -0.5f), m + new SKPoint(-0.6f, 6 * s), 2.6f, 3.4f, Ink.Ebony);
        using (var neck = new SKPathBuilder())
        {
            neck.MoveTo(m + new SKPoint(-0.6f, 5.5f * s));
            if (tenor) neck.CubicTo(m + new SKPoint(7 * s, 8 * s), m + new SKPoint(3 * s, 16 * s), neckEnd);
            else neck.CubicTo(m + new SKPoint(4 * s, 9 * s), m + new SKPoint(0, 16 * s), neckEnd);
            Ink.CurvedTube(c, neck, 3.2f * s, Ink.Brass);
        }
        Ink.Tube(c, neckEnd, bodyEnd, 5.5f * s, 12.5f * s, Ink.Brass);
        using (var bow = new SKPathBuilder())
        {
            bow.MoveTo(bodyEnd);
            bow.CubicTo(bodyEnd + new SKPoint(1 * s, 14 * s), bellBase + new SKPoint(0, 15 * s), bellBase);
            Ink.CurvedTube(c, bow, 12.5f * s, Ink.Brass);
        }
        Ink.Tube(c, bellBase, bellTop, 13 * s, 24 * s, Ink.Brass, roundEnds: false);
        Ink.BellRim(c, bellTop, Ink.Unit(bellBase, bellTop), 90, new SKSize(12.5f * s, 3.6f * s), new SKPoint(0, 0.6f), new SKSize(10.5f * s, 2.4f * s), new SKColor(0x5A, 0x3E, 0x10));
        // Key cups and the key guard.
        var u = Ink.Unit(neckEnd, bodyEnd);
        var side = new SKPoint(-u.Y, u.X);
        for (float t = 0.15f; t < 0.95f; t += 0.11f)
            Ink.Circle(c, Ink.Lerp(neckEnd, bodyEnd, t) + Ink.Scale(side, -2.5f * s), 1.6f * s, new SKColor(0xF4, 0xEC, 0xD8));
        var skin = body.Skin;
        var left = Ink.Lerp(neckEnd, bodyEnd, 0.3f);
        var right = Ink.Lerp(neckEnd, bodyEnd, 0.68f);
        drawArm(Side.Left, left + Ink.Scale(side, -5));
        drawArm(Side.Right, right + Ink.Scale(side, 6));
        float spacing = 4.4f * s;
        Fingers.Draw(c, left - Ink.Scale(u, spacing), u, spacing, Ink.Scale(side, -1), Fingers.Count(pose.Pose0), skin, 1.9f * s);
        Fingers.Draw(c, right - Ink.Scale(u, spacing), u, spacing, side, Fingers.Count(pose.Pose1), skin, 1.9f * s);
    }
}
