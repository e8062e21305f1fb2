using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>Small drawing helpers shared by the painters: fills, strokes, shaded tubes and metal colours.</summary>
internal static class Ink
{
    public static readonly SKColor[] Brass = [new(0xF7, 0xDE, 0x8C), new(0xD9, 0xAA, 0x3E), new(0x8E, 0x66, 0x18)];
    public static readonly SKColor[] Silver = [new(0xFA, 0xFA, 0xFC), new(0xC4, 0xC9, 0xD0), new(0x7A, 0x80, 0x88)];
    public static readonly SKColor[] Ebony = [new(0x5A, 0x5A, 0x5E), new(0x1E, 0x1E, 0x20), new(0x08, 0x08, 0x0A)];
    /// <summary>Reddish-brown cocobolo/rosewood (the oboe): far enough from <see cref="Ebony"/> to show at 64 x 64.</summary>
    public static readonly SKColor[] Rosewood = [new(0xB4, 0x60, 0x38), new(0x7C, 0x34, 0x1A), new(0x3C, 0x16, 0x08)];
    public static readonly SKColor[] Maple = [new(0xD8, 0x86, 0x3C), new(0x9C, 0x45, 0x14), new(0x5A, 0x22, 0x08)];
    public static readonly SKColor[] Bassoon = [new(0xC0, 0x6A, 0x36), new(0x86, 0x3E, 0x1A), new(0x4C, 0x20, 0x0C)];

    public static SKPaint Fill(SKColor c) => new() { Color = c, IsAntialias = true, Style = SKPaintStyle.Fill };

    public static SKPaint Stroke(SKColor c, float width, SKStrokeCap cap = SKStrokeCap.Round) =>
        new() { Color = c, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = cap, StrokeJoin = SKStrokeJoin.Round };

    public static void FillPath(SKCanvas c, SKPathBuilder path, SKColor color)
    {
        using var p = Fill(color);
        c.DrawPath(path, p);
    }

    public static void Line(SKCanvas c, SKPoint a, SKPoint b, SKColor color, float width, SKStrokeCap cap = SKStrokeCap.Round)
    {
        using var p = Stroke(color, width, cap);
        c.DrawLine(a, b, p);
    }

    public static void Circle(SKCanvas c, SKPoint at, float r, SKColor color)
    {
        using var p = Fill(color);
        c.DrawCircle(at, r, p);
    }

    public static void Oval(SKCanvas c, SKPoint at, float rx, float ry, SKColor color)
    {
        using var p = Fill(color);
        c.DrawOval(at, new SKSize(rx, ry), p);
    }

    /// <summary>
    /// A brass bell's rim at <paramref name="rim"/>, drawn in the frame of the bell's <paramref name="axis"/> (turned a
    /// further <paramref name="extraDegrees"/>): the lip (radii <paramref name="lip"/>), then the dark opening inside it.
    /// </summary>
    public static void BellRim(SKCanvas c, SKPoint rim, SKPoint axis, float extraDegrees, SKSize lip, SKPoint openingAt, SKSize opening, SKColor openingColour)
    {
        c.Save();
        c.Translate(rim.X, rim.Y);
        c.RotateDegrees(MathF.Atan2(axis.Y, axis.X) * 180 / MathF.PI + extraDegrees);
        Oval(c, new SKPoint(0, 0), lip.Width, lip.Height, Brass[2]);
        Oval(c, openingAt, opening.Width, opening.Height, openingColour);
        c.Restore();
    }

    /// <summary>A shader that shades across a tube running from a to b: light edge, body, dark edge.</summary>
    public static SKShader AcrossShader(SKPoint a, SKPoint b, float width, SKColor[] metal)
    {
        var n = Normal(a, b);
        var mid = new SKPoint((a.X + b.X) / 2, (a.Y + b.Y) / 2);
        var p0 = mid + Scale(n, width / 2);
        var p1 = mid - Scale(n, width / 2);
        return SKShader.CreateLinearGradient(p0, p1, [metal[0], metal[1], metal[2]], [0.05f, 0.45f, 1f], SKShaderTileMode.Clamp);
    }

    /// <summary>A straight, possibly tapering, shaded tube (a cone section) from a (width w0) to b (width w1).</summary>
    public static void Tube(SKCanvas c, SKPoint a, SKPoint b, float w0, float w1, SKColor[] metal, bool roundEnds = true)
    {
        var n = Normal(a, b);
        using var path = new SKPathBuilder();
        path.MoveTo(a + Scale(n, w0 / 2));
        path.LineTo(b + Scale(n, w1 / 2));
        path.LineTo(b - Scale(n, w1 / 2));
        path.LineTo(a - Scale(n, w0 / 2));
        path.Close();
        using var shader = AcrossShader(a, b, Math.Max(w0, w1), metal);
        using var paint = new SKPaint { IsAntialias = true, Shader = shader };
        c.DrawPath(path, paint);
        if (roundEnds)
        {
            c.DrawCircle(a, w0 / 2, paint);
            c.DrawCircle(b, w1 / 2, paint);
        }
    }

    /// <summary>A curved tube of constant width along a path, shaded with a highlight line.</summary>
    public static void CurvedTube(SKCanvas c, SKPathBuilder path, float width, SKColor[] metal)
    {
        using (var body = Stroke(metal[2], width)) c.DrawPath(path, body);
        using (var mid = Stroke(metal[1], width * 0.72f)) c.DrawPath(path, mid);
        using (var hi = Stroke(metal[0], Math.Max(0.5f, width * 0.22f))) c.DrawPath(path, hi);
    }

    /// <summary>Draws a path under construction (SkiaSharp 4 builds paths with <see cref="SKPathBuilder"/>).</summary>
    public static void DrawPath(this SKCanvas c, SKPathBuilder builder, SKPaint paint)
    {
        using var path = builder.Snapshot();
        c.DrawPath(path, paint);
    }

    public static SKPoint Normal(SKPoint a, SKPoint b)
    {
        var d = b - a;
        float len = MathF.Max(1e-4f, d.Length);
        return new SKPoint(-d.Y / len, d.X / len);
    }

    public static SKPoint Unit(SKPoint a, SKPoint b)
    {
        var d = b - a;
        float len = MathF.Max(1e-4f, d.Length);
        return new SKPoint(d.X / len, d.Y / len);
    }

    public static SKPoint Scale(SKPoint p, float s) => new(p.X * s, p.Y * s);

    public static SKPoint Lerp(SKPoint a, SKPoint b, float t) => new(a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t);

    /// <summary>Unit vector at an angle in degrees (0 = right, 90 = down: screen coordinates).</summary>
    public static SKPoint Dir(float degrees)
    {
        float r = degrees * MathF.PI / 180f;
        return new SKPoint(MathF.Cos(r), MathF.Sin(r));
    }

    public static SKColor Mix(SKColor a, SKColor b, float t) => new(
        (byte)(a.Red + (b.Red - a.Red) * t), (byte)(a.Green + (b.Green - a.Green) * t), (byte)(a.Blue + (b.Blue - a.Blue) * t), (byte)(a.Alpha + (b.Alpha - a.Alpha) * t));

    public static SKColor Darker(SKColor c, float f = 0.75f) => Backdrop.Shade(c, f);
}
