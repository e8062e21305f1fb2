using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>The violin-family body, neck and scroll, and the bow: shared by violin, viola, cello and double bass.</summary>
internal static class ViolinFamily
{
    static readonly SKColor BowStick = new(0x3B, 0x24, 0x12), BowHair = new(0xEE, 0xE6, 0xD0), Fingerboard = new(0x14, 0x12, 0x12);

    /// <summary>A point <paramref name="t"/> units along the instrument's axis from its body centre (positive towards the scroll).</summary>
    public static SKPoint Along(SKPoint center, float angleDeg, float t) => center + Ink.Scale(Ink.Dir(angleDeg), t);

    /// <summary>
    /// Draws the instrument with its body centred at <paramref name="center"/>, the scroll pointing along
    /// <paramref name="angleDeg"/> (screen degrees). Local frame: y runs from the tail (+L/2) to the scroll (negative).
    /// </summary>
    public static void Draw(SKCanvas c, SKPoint center, float angleDeg, float length, float width, float neck, SKColor[] wood, float endpin = 0, bool slopedShoulders = false)
    {
        c.Save();
        c.Translate(center.X, center.Y);
        c.RotateDegrees(angleDeg + 90);
        float L = length, W = width;
        if (endpin > 0) Ink.Line(c, new SKPoint(0, L / 2), new SKPoint(0, L / 2 + endpin), new SKColor(0x90, 0x92, 0x96), 1.6f);

        using var outline = new SKPathBuilder();
        float upper = slopedShoulders ? 0.36f : 0.42f;
        outline.MoveTo(0, 0.5f * L);
        outline.CubicTo(0.32f * W, 0.5f * L, 0.5f * W, 0.4f * L, 0.5f * W, 0.21f * L);
        outline.CubicTo(0.5f * W, 0.1f * L, 0.46f * W, 0.06f * L, 0.41f * W, 0.04f * L);
        outline.CubicTo(0.3f * W, 0.0f, 0.3f * W, -0.13f * L, 0.39f * W, -0.16f * L);
        outline.CubicTo(upper * W + 0.03f * W, -0.2f * L, upper * W, -0.3f * L, upper * W - 0.04f * W, -0.36f * L);
        outline.CubicTo(upper * W - 0.12f * W, -0.48f * L, 0.14f * W, -0.5f * L, 0, -0.5f * L);
        outline.CubicTo(-0.14f * W, -0.5f * L, -(upper * W - 0.12f * W), -0.48f * L, -(upper * W - 0.04f * W), -0.36f * L);
        outline.CubicTo(-upper * W, -0.3f * L, -(upper * W + 0.03f * W), -0.2f * L, -0.39f * W, -0.16f * L);
        outline.CubicTo(-0.3f * W, -0.13f * L, -0.3f * W, 0.0f, -0.41f * W, 0.04f * L);
        outline.CubicTo(-0.46f * W, 0.06f * L, -0.5f * W, 0.1f * L, -0.5f * W, 0.21f * L);
        outline.CubicTo(-0.5f * W, 0.4f * L, -0.32f * W, 0.5f * L, 0, 0.5f * L);
        outline.Close();
        using (var shader = SKShader.CreateRadialGradient(new SKPoint(-0.15f * W, -0.05f * L), 0.75f * L, [wood[0], wood[1], wood[2]], [0f, 0.55f, 1f], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { IsAntialias = true, Shader = shader })
            c.DrawPath(outline, paint);
        using (var edge = Ink.Stroke(Ink.Darker(wood[2], 0.6f), Math.Max(0.6f, W * 0.025f)))
            c.DrawPath(outline, edge);

        // f-holes beside the bridge.
        using (var fhole = Ink.Stroke(new SKColor(0x1A, 0x0C, 0x06), Math.Max(0.6f, W * 0.03f)))
        {
            foreach (int s in new[] { -1, 1 })
            {
                using var f = new SKPathBuilder();
                f.MoveTo(s * 0.17f * W, -0.1f * L);
                f.CubicTo(s * 0.27f * W, -0.02f * L, s * 0.14f * W, 0.06f * L, s * 0.23f * W, 0.15f * L);
                c.DrawPath(f, fhole);
            }
        }
        // Tailpiece, bridge, fingerboard, strings.
        using (var tail = new SKPathBuilder())
        {
            tail.MoveTo(-0.09f * W, 0.1f * L); tail.LineTo(0.09f * W, 0.1f * L); tail.LineTo(0.05f * W, 0.45f * L); tail.LineTo(-0.05f * W, 0.45f * L); tail.Close();
            Ink.FillPath(c, tail, Fingerboard);
        }
        Ink.Line(c, new SKPoint(-0.17f * W, 0.04f * L), new SKPoint(0.17f * W, 0.04f * L), new SKColor(0xE8, 0xD2, 0xA8), Math.Max(0.8f, 0.035f * L), SKStrokeCap.Butt);
        float top = -0.5f * L - neck;
        Ink.Line(c, new SKPoint(0, -0.44f * L), new SKPoint(0, top), wood[2], 0.16f * W); // neck wood
        using (var board = new SKPathBuilder())
        {
            board.MoveTo(-0.065f * W, top); board.LineTo(0.065f * W, top); board.LineTo(0.1f * W, -0.06f * L); board.LineTo(-0.1f * W, -0.06f * L); board.Close();
            Ink.FillPath(c, board, Fingerboard);
        }
        using (var strings = Ink.Stroke(new SKColor(0xD8, 0xD8, 0xD0, 0xC0), Math.Max(0.35f, W * 0.012f)))
            for (int i = 0; i < 4; i++)
            {
                float x0 = (-0.045f + 0.03f * i) * W, x1 = (-0.075f + 0.05f * i) * W;
                c.DrawLine(new SKPoint(x0, top), new SKPoint(x1, 0.12f * L), strings);
            }
        // Pegbox and scroll.
        float scrollR = Math.Max(1.6f, 0.075f * W);
        Ink.Line(c, new SKPoint(0, top), new SKPoint(0, top - 3.2f * scrollR), wood[2], 2.1f * scrollR);
        Ink.Circle(c, new SKPoint(0.3f * scrollR, top - 3.6f * scrollR), 1.25f * scrollR, wood[1]);
        Ink.Circle(c, new SKPoint(0.3f * scrollR, top - 3.6f * scrollR), 0.55f * scrollR, wood[2]);
        for (int i = 0; i < 2; i++)
        {
            Ink.Line(c, new SKPoint(-1.7f * scrollR, top - (0.9f + 1.3f * i) * scrollR), new SKPoint(1.7f * scrollR, top - (0.9f + 1.3f * i) * scrollR), Fingerboard, 0.7f * scrollR);
        }
        c.Restore();
    }

    /// <summary>
    /// The bow, touching the strings at <paramref name="contact"/> at <paramref name="position"/> along it
    /// (0 frog, 1 tip), running towards the frog along <paramref name="towardsFrogDeg"/>. Returns the frog (the hand).
    /// </summary>
    public static SKPoint DrawBow(SKCanvas c, SKPoint contact, float towardsFrogDeg, float length, float position)
    {
        var u = Ink.Dir(towardsFrogDeg);
        var frog = contact + Ink.Scale(u, 4 + (length - 8) * position);
        var tip = frog - Ink.Scale(u, length);
        var n = Ink.Normal(tip, frog);
        if (n.Y > 0) n = Ink.Scale(n, -1); // the stick rides above the hair
        float w = Math.Max(1f, length / 55f);
        Ink.Line(c, frog, tip, BowHair, 1.1f * w);
        using var stick = new SKPathBuilder();
        var a = frog + Ink.Scale(n, 1.8f * w);
        var b = tip + Ink.Scale(n, 1.2f * w);
        var mid = Ink.Lerp(a, b, 0.5f) - Ink.Scale(n, 0.6f * w);
        stick.MoveTo(a); stick.QuadTo(mid, b);
        using (var p = Ink.Stroke(BowStick, 1.3f * w)) c.DrawPath(stick, p);
        Ink.Line(c, tip, b, BowStick, 1.1f * w);
        Ink.Line(c, frog - Ink.Scale(u, 1.5f * w), frog + Ink.Scale(n, 1.6f * w) - Ink.Scale(u, 1.5f * w), new SKColor(0x10, 0x10, 0x10), 2.6f * w, SKStrokeCap.Butt);
        return frog;
    }
}

/// <summary>Cello: upright between the knees on its endpin, scroll by the player's left ear, bow in the right hand.</summary>
internal sealed class CelloPainter : InstrumentPainter
{
    const float L = 64, W = 38, Neck = 38, Endpin = 15, Tilt = 11;
    static readonly SKColor[] Wood = [new(0xC8, 0x5E, 0x22), new(0x8A, 0x2E, 0x0E), new(0x46, 0x14, 0x04)];

    public override float KneeSpread => 25f;

    public override float HeadTilt(PoseParameters pose) => 5f;

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm) =>
        PaintBowed(c, body, pose, drawArm, new SKPoint(body.CenterX - 2, Body.Ground - 1), -90 + Tilt, L, W, Neck, Endpin, Wood, 72f, 182f, 12f, sloped: false);

    /// <summary>Shared by cello and double bass: an upright instrument on an endpin, bowed roughly across.</summary>
    internal static void PaintBowed(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm, SKPoint endpinTip, float angle,
        float length, float width, float neck, float endpin, SKColor[] wood, float bowLength, float bowAngle, float crossing, bool sloped)
    {
        var center = ViolinFamily.Along(endpinTip, angle, endpin + length / 2);
        ViolinFamily.Draw(c, center, angle, length, width, neck, wood, endpin, sloped);
        // Left hand on the fingerboard: near the nut in first position, towards the body as it shifts up.
        float nut = length / 2 + neck - 3, joint = length / 2 - 8;
        var onNeck = ViolinFamily.Along(center, angle, nut - pose.Pose1 * (nut - joint));
        drawArm(Side.Left, onNeck + Ink.Scale(Ink.Dir(angle + 90), -2.5f));
        // Bow between bridge and fingerboard, its angle set by the string being played.
        var contact = ViolinFamily.Along(center, angle, 0.01f * length);
        var frog = ViolinFamily.DrawBow(c, contact, bowAngle + (0.5f - pose.Pose2) * 2 * crossing, bowLength, pose.Pose0);
        drawArm(Side.Right, frog);
    }
}

/// <summary>Double bass: taller than the standing player, held to their left, bowed low.</summary>
internal sealed class DoubleBassPainter : InstrumentPainter
{
    static readonly SKColor[] Wood = [new(0xA8, 0x5A, 0x26), new(0x6A, 0x30, 0x12), new(0x30, 0x12, 0x06)];

    public override float HeadTilt(PoseParameters pose) => 4f;

    public override SKRect Frame(Body body)
    {
        float top = body.HeadCenter.Y - 26, bottom = Body.Ground + 2, h = bottom - top;
        return new SKRect(body.CenterX - h / 2, top, body.CenterX + h / 2, bottom);
    }

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm) =>
        CelloPainter.PaintBowed(c, body, pose, drawArm, new SKPoint(body.CenterX - 12, Body.Ground - 1), -90 + 13, 96, 56, 52, 8, Wood, 64f, 186f, 10f, sloped: true);
}

/// <summary>Violin and viola: under the chin on the left shoulder, scroll out to the image's right, bow crossing it.</summary>
internal sealed class ViolinPainter(bool viola) : InstrumentPainter
{
    // Varnish tells them apart: golden amber violins, deep oxblood violas. Size alone (20 %) did not survive the
    // camera's zoom and a 64 x 64 image: a classifier trained on it confused the two about half the time
    // (docs/RESULTS.md, session 1), so each keeps one varnish a 64 x 64 image still shows.
    static readonly SKColor[] ViolinWood = [new(0xF4, 0xB4, 0x4C), new(0xCC, 0x7C, 0x22), new(0x7C, 0x44, 0x0E)];
    static readonly SKColor[] ViolaWood = [new(0xA4, 0x38, 0x2C), new(0x66, 0x16, 0x12), new(0x32, 0x08, 0x06)];

    public override float HeadTilt(PoseParameters pose) => 13f;

    /// <summary>Centred a little to the right, where the scroll reaches.</summary>
    public override SKRect Frame(Body body)
    {
        var frame = base.Frame(body);
        frame.Offset(12, 0);
        return frame;
    }

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        float L = viola ? 42 : 35, W = viola ? 24.5f : 20.5f, neck = 0.6f * L;
        const float angle = 22;
        // The chin rests on the tail end; the body lies over the left shoulder, below the face.
        var center = ViolinFamily.Along(body.Chin + new SKPoint(3, 5), angle, L / 2 - 3);
        float nut = L / 2 + neck - 2, joint = L / 2 - 4;
        var onNeck = ViolinFamily.Along(center, angle, nut - pose.Pose1 * (nut - joint));
        drawArm(Side.Left, onNeck + Ink.Scale(Ink.Dir(angle + 90), 2.5f)); // the left hand holds the neck from below
        ViolinFamily.Draw(c, center, angle, L, W, neck, viola ? ViolaWood : ViolinWood);
        var contact = ViolinFamily.Along(center, angle, 0.02f * L);
        var frog = ViolinFamily.DrawBow(c, contact, 152 + (0.5f - pose.Pose2) * 24, viola ? 68 : 66, pose.Pose0);
        drawArm(Side.Right, frog);
    }
}
