using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>Piston valves seen from the side: a pressed valve's cap sits lower, under a finger.</summary>
internal static class Pistons
{
    public static void Draw(SKCanvas c, SKPoint[] bases, SKPoint up, bool[] pressed, float height, SKColor skin)
    {
        for (int i = 0; i < bases.Length; i++)
        {
            var b = bases[i];
            Ink.Tube(c, b - Ink.Scale(up, height * 0.45f), b + Ink.Scale(up, height * 0.45f), 3.6f, 3.6f, Ink.Brass, roundEnds: false);
            var cap = b + Ink.Scale(up, pressed[i] ? height * 0.5f : height * 0.85f);
            Ink.Line(c, b + Ink.Scale(up, height * 0.45f), cap, Ink.Silver[1], 1.3f);
            Ink.Circle(c, cap, 1.9f, Ink.Silver[0]);
            var finger = cap + Ink.Scale(up, 1.9f);
            Ink.Circle(c, finger, 2.2f, Ink.Darker(skin, 0.7f));
            Ink.Circle(c, finger, 1.8f, skin);
        }
    }
}

/// <summary>Trumpet: small and bright, held level at the lips pointing to the image's left, three valves under the right hand.</summary>
internal sealed class TrumpetPainter : InstrumentPainter
{
    public override SKRect Frame(Body body) => LeftReaching(base.Frame(body));

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        var u = Ink.Dir(180 - 10 - 12 * (pose.Pose2 - 0.5f)); // the bell rises a little for high notes
        var up = new SKPoint(-u.Y, u.X); // perpendicular, towards the top of the frame
        var m = body.Mouth;
        SKPoint At(float t, float off = 0) => m + Ink.Scale(u, t) + Ink.Scale(up, off);
        var valves = Fingering.Valves((int)Math.Round(pose.Pose0 * 6));
        drawArm(Side.Left, At(26, -6));
        // Tuning slide loop below, lead pipe, bell pipe, bell.
        using (var loop = new SKPathBuilder())
        {
            loop.MoveTo(At(20, -2)); loop.LineTo(At(8, -2)); loop.QuadTo(At(3, -2), At(3, -5)); loop.QuadTo(At(3, -8), At(8, -8)); loop.LineTo(At(30, -8));
            Ink.CurvedTube(c, loop, 2.3f, Ink.Brass);
        }
        Ink.Tube(c, At(0), At(4), 1.6f, 2.6f, Ink.Silver);
        Ink.Tube(c, At(4), At(34), 2.4f, 2.6f, Ink.Brass);
        using (var bellLoop = new SKPathBuilder())
        {
            bellLoop.MoveTo(At(32, 0)); bellLoop.QuadTo(At(40, 0), At(40, -4)); bellLoop.QuadTo(At(40, -8), At(32, -8));
            Ink.CurvedTube(c, bellLoop, 2.4f, Ink.Brass);
        }
        Ink.Tube(c, At(18, 3.5f), At(44, 3.5f), 2.6f, 4.5f, Ink.Brass);
        Ink.Tube(c, At(44, 3.5f), At(56, 3.5f), 4.5f, 17f, Ink.Brass, roundEnds: false);
        Ink.BellRim(c, At(56, 3.5f), u, 0, new SKSize(2.2f, 8.6f), new SKPoint(0.6f, 0), new SKSize(1.4f, 7f), new SKColor(0x6A, 0x48, 0x10));
        Pistons.Draw(c, [At(21, -3), At(26, -3), At(31, -3)], up, [valves.V1, valves.V2, valves.V3], 9, body.Skin);
        drawArm(Side.Right, At(26, 7.5f));
    }
}

/// <summary>Trombone: a long slide reaching down to the image's left, its extension set by the slide position, and a big bell beside the head.</summary>
internal sealed class TrombonePainter : InstrumentPainter
{
    public override SKRect Frame(Body body) => LeftReaching(base.Frame(body));

    public override float HeadTilt(PoseParameters pose) => -3f;

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        var u = Ink.Dir(180 - 16 - 8 * (pose.Pose2 - 0.5f));
        var up = new SKPoint(-u.Y, u.X); // perpendicular, towards the top of the frame
        var m = body.Mouth;
        SKPoint At(float t, float off = 0) => m + Ink.Scale(u, t) + Ink.Scale(up, off);
        float reach = 50 * pose.Pose0; // first to seventh position
        float end = 46 + reach;
        // Bell section above the slide: a slim pipe then a wide flare.
        Ink.Tube(c, At(4, 9), At(28, 9), 2.6f, 5.5f, Ink.Brass);
        Ink.Tube(c, At(28, 9), At(42, 9), 5.5f, 27f, Ink.Brass, roundEnds: false);
        Ink.BellRim(c, At(42, 9), u, 0, new SKSize(3f, 13.8f), new SKPoint(0.8f, 0), new SKSize(1.9f, 11.6f), new SKColor(0x6A, 0x48, 0x10));
        Ink.Line(c, At(8, 0), At(8, 9), Ink.Brass[1], 1.4f); // brace
        drawArm(Side.Left, At(10, 4));
        // Inner slide (fixed) and outer slide (moving), joined by the crook.
        Ink.Tube(c, At(3), At(46), 2f, 2f, Ink.Silver);
        Ink.Tube(c, At(3, -6), At(46, -6), 2f, 2f, Ink.Silver);
        float outerStart = 8 + reach;
        Ink.Tube(c, At(outerStart), At(end), 3.1f, 3.1f, Ink.Brass);
        Ink.Tube(c, At(outerStart, -6), At(end, -6), 3.1f, 3.1f, Ink.Brass);
        using (var crook = new SKPathBuilder())
        {
            crook.MoveTo(At(end)); crook.QuadTo(At(end + 5, 0), At(end + 5, -3)); crook.QuadTo(At(end + 5, -6), At(end, -6));
            Ink.CurvedTube(c, crook, 3.1f, Ink.Brass);
        }
        Ink.Tube(c, At(0), At(4), 1.6f, 2.4f, Ink.Silver);
        var brace = outerStart + 7;
        Ink.Line(c, At(brace), At(brace, -6), Ink.Brass[2], 1.4f);
        drawArm(Side.Right, At(brace, -3));
    }
}

/// <summary>French horn: a coil of brass on the lap, rotary valves under the left hand, the right hand in the bell.</summary>
internal sealed class HornPainter : InstrumentPainter
{
    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        var k = new SKPoint(body.CenterX - 6, body.ShoulderY + 37);
        var bellThroat = k + new SKPoint(-12, 8);
        var bellMouth = k + new SKPoint(-33, 21);
        drawArm(Side.Right, Ink.Lerp(bellThroat, bellMouth, 0.78f));
        Ink.Tube(c, bellThroat, bellMouth, 5, 27, Ink.Brass, roundEnds: false);
        Ink.BellRim(c, bellMouth, Ink.Unit(bellThroat, bellMouth), 0, new SKSize(3.2f, 13.8f), new SKPoint(0.8f, 0), new SKSize(2f, 11.5f), new SKColor(0x6A, 0x48, 0x10));
        // The coiled tubing.
        foreach (var (r, w) in new[] { (16f, 2.8f), (12.5f, 2.4f), (9.5f, 2.1f) })
        {
            using var coil = new SKPathBuilder();
            coil.AddCircle(k.X, k.Y, r);
            Ink.CurvedTube(c, coil, w, Ink.Brass);
        }
        Ink.Line(c, k + new SKPoint(-14, -6), k + new SKPoint(14, 6), Ink.Brass[1], 2f);
        using (var lead = new SKPathBuilder())
        {
            lead.MoveTo(body.Mouth + new SKPoint(1, 0));
            lead.CubicTo(body.Mouth + new SKPoint(8, 12), k + new SKPoint(16, -20), k + new SKPoint(11, -11));
            Ink.CurvedTube(c, lead, 2f, Ink.Brass);
        }
        Ink.Tube(c, body.Mouth + new SKPoint(-0.5f, -0.3f), body.Mouth + new SKPoint(2.5f, 3), 1.4f, 2.2f, Ink.Silver);
        // Rotary valves and their levers: a pressed lever is pushed down towards the valve.
        var valves = Fingering.Valves((int)Math.Round(pose.Pose0 * 6));
        bool[] pressed = [valves.V1, valves.V2, valves.V3];
        drawArm(Side.Left, k + new SKPoint(17, -8));
        for (int i = 0; i < 3; i++)
        {
            var v = k + new SKPoint(8 + 3.5f * i, -9 + 4.5f * i);
            Ink.Circle(c, v, 2.6f, Ink.Brass[2]);
            Ink.Circle(c, v, 1.8f, Ink.Silver[1]);
            var tip = v + new SKPoint(pressed[i] ? 3.5f : 5.5f, pressed[i] ? -2.5f : -5f);
            Ink.Line(c, v, tip, Ink.Silver[2], 1.2f);
            Ink.Circle(c, tip + new SKPoint(0.8f, -1), 1.8f, Ink.Darker(body.Skin, 0.7f));
            Ink.Circle(c, tip + new SKPoint(0.8f, -1), 1.4f, body.Skin);
        }
    }
}

/// <summary>Tuba: a large brass body on the lap, its wide bell rising above the player's left shoulder, valves under the right hand.</summary>
internal sealed class TubaPainter : InstrumentPainter
{
    public override SKRect Frame(Body body)
    {
        float top = body.HeadCenter.Y - 36, bottom = Body.Ground + 2, h = bottom - top;
        return new SKRect(body.CenterX + 4 - h / 2, top, body.CenterX + 4 + h / 2, bottom);
    }

    public override float HeadTilt(PoseParameters pose) => -4f;

    public override void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm)
    {
        float x = body.CenterX, sy = body.ShoulderY, hip = body.HipY;
        var bowLeft = new SKPoint(x - 10, hip - 10);
        var bowRight = new SKPoint(x + 12, hip - 2);
        var throat = new SKPoint(x + 20, sy - 2);
        var bellTop = new SKPoint(x + 25, body.HeadCenter.Y - 24);
        drawArm(Side.Left, new SKPoint(x + 33, sy + 26));
        // Bottom bow, main bore widening into the bell, and the branch up to the valves.
        using (var bow = new SKPathBuilder())
        {
            bow.MoveTo(bowLeft);
            bow.CubicTo(bowLeft + new SKPoint(-2, 22), bowRight + new SKPoint(2, 18), bowRight);
            Ink.CurvedTube(c, bow, 12, Ink.Brass);
        }
        Ink.Tube(c, bowRight, throat, 13, 22, Ink.Brass);
        Ink.Tube(c, throat, bellTop, 22, 44, Ink.Brass, roundEnds: false);
        Ink.Oval(c, bellTop, 22, 5.5f, Ink.Brass[2]);
        Ink.Oval(c, bellTop + new SKPoint(0, 0.8f), 19.5f, 4f, new SKColor(0x5A, 0x3E, 0x10));
        Ink.Tube(c, bowLeft, new SKPoint(x - 12, sy + 20), 9, 8, Ink.Brass);
        using (var coil = new SKPathBuilder())
        {
            coil.AddOval(new SKRect(x - 4, sy + 20, x + 22, sy + 44));
            Ink.CurvedTube(c, coil, 2.6f, Ink.Brass);
        }
        using (var lead = new SKPathBuilder())
        {
            lead.MoveTo(body.Mouth + new SKPoint(0.5f, 1));
            lead.CubicTo(body.Mouth + new SKPoint(-2, 16), new SKPoint(x - 22, sy + 10), new SKPoint(x - 20, sy + 24));
            Ink.CurvedTube(c, lead, 2.4f, Ink.Brass);
        }
        Ink.Tube(c, body.Mouth + new SKPoint(0, -0.5f), body.Mouth + new SKPoint(0.3f, 3.5f), 1.8f, 2.8f, Ink.Silver);
        var valves = Fingering.Valves((int)Math.Round(pose.Pose0 * 6));
        Pistons.Draw(c, [new SKPoint(x - 16, sy + 22), new SKPoint(x - 11, sy + 22), new SKPoint(x - 6, sy + 22)], new SKPoint(0, -1), [valves.V1, valves.V2, valves.V3], 12, body.Skin);
        drawArm(Side.Right, new SKPoint(x - 10, sy + 8));
    }
}
