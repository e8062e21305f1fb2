using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>The room behind the player: wall, floor, one prop; and the light over the whole scene.</summary>
internal static class BackdropPainter
{
    // Far beyond the 200 x 200 stage so that zoomed-out, shifted or rolled cameras never see an edge.
    const float Far = -150, FarEnd = 350;

    public static void Draw(SKCanvas c, Backdrop b)
    {
        using (var shader = b.Stage
                   ? SKShader.CreateRadialGradient(new SKPoint(100, 95), 110, [new SKColor(0x5A, 0x56, 0x60), b.WallTop], SKShaderTileMode.Clamp)
                   : SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, b.FloorY), [b.WallTop, b.WallBottom], SKShaderTileMode.Clamp))
        using (var wall = new SKPaint { Shader = shader })
            c.DrawRect(new SKRect(Far, Far, FarEnd, b.FloorY), wall);
        if (b.WoodPanels)
            for (float x = -140; x < FarEnd; x += 24)
                Ink.Line(c, new SKPoint(x, Far), new SKPoint(x, b.FloorY), Ink.Darker(b.WallBottom, 0.8f), 1.2f, SKStrokeCap.Butt);

        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, b.FloorY), new SKPoint(0, 215), [Ink.Darker(b.Floor, 0.8f), b.Floor], SKShaderTileMode.Clamp))
        using (var floor = new SKPaint { Shader = shader })
            c.DrawRect(new SKRect(Far, b.FloorY, FarEnd, FarEnd), floor);
        if (!b.Stage && (b.Floor.Red > b.Floor.Blue + 30))
            for (float y = b.FloorY + 6, step = 6; y < 260; y += step, step *= 1.25f)
                Ink.Line(c, new SKPoint(Far, y), new SKPoint(FarEnd, y), Ink.Darker(b.Floor, 0.86f), 0.7f, SKStrokeCap.Butt);
        Ink.Line(c, new SKPoint(Far, b.FloorY), new SKPoint(FarEnd, b.FloorY), Ink.Darker(b.WallBottom, 0.7f), 2.2f, SKStrokeCap.Butt);
        DrawProp(c, b);
    }

    static void DrawProp(SKCanvas c, Backdrop b)
    {
        float x = b.PropX, floor = b.FloorY;
        switch (b.Prop)
        {
            case Prop.Window:
            {
                var frame = new SKRect(x - 19, 34, x + 19, 86);
                using (var sky = SKShader.CreateLinearGradient(new SKPoint(0, 34), new SKPoint(0, 86), [new SKColor(0xA8, 0xD0, 0xF0), new SKColor(0xE4, 0xF0, 0xF8)], SKShaderTileMode.Clamp))
                using (var p = new SKPaint { Shader = sky })
                    c.DrawRect(frame, p);
                using var edge = Ink.Stroke(new SKColor(0xF6, 0xF6, 0xF2), 2.6f, SKStrokeCap.Square);
                c.DrawRect(frame, edge);
                c.DrawLine(new SKPoint(x, 34), new SKPoint(x, 86), edge);
                c.DrawLine(new SKPoint(x - 19, 60), new SKPoint(x + 19, 60), edge);
                break;
            }
            case Prop.Curtain:
                for (int i = 0; i < 6; i++)
                {
                    var col = i % 2 == 0 ? b.PropColor : Ink.Darker(b.PropColor, 0.72f);
                    using var p = Ink.Fill(col);
                    c.DrawRect(new SKRect(x - 24 + 8 * i, Far, x - 16 + 8 * i, floor), p);
                }
                break;
            case Prop.Picture:
            {
                using (var p = Ink.Fill(new SKColor(0x5A, 0x3C, 0x22))) c.DrawRect(new SKRect(x - 15, 44, x + 15, 68), p);
                using (var p = Ink.Fill(Ink.Mix(b.PropColor, SKColors.White, 0.35f))) c.DrawRect(new SKRect(x - 12, 47, x + 12, 65), p);
                Ink.Circle(c, new SKPoint(x + 4, 53), 3.5f, new SKColor(0xF0, 0xD0, 0x70));
                using var hills = new SKPathBuilder();
                hills.MoveTo(x - 12, 65); hills.QuadTo(x - 4, 54, x + 2, 61); hills.QuadTo(x + 7, 57, x + 12, 62); hills.LineTo(x + 12, 65); hills.Close();
                Ink.FillPath(c, hills, Ink.Darker(b.PropColor, 0.7f));
                break;
            }
            case Prop.Shelf:
            {
                using (var p = Ink.Fill(new SKColor(0x6A, 0x46, 0x2A))) c.DrawRect(new SKRect(x - 20, floor - 78, x + 20, floor), p);
                var books = new[] { b.PropColor, new SKColor(0xD8, 0xC8, 0xA0), new SKColor(0x30, 0x48, 0x70), new SKColor(0x80, 0x30, 0x30), new SKColor(0x40, 0x60, 0x40) };
                for (int shelf = 0; shelf < 3; shelf++)
                {
                    float top = floor - 74 + 25 * shelf;
                    for (int i = 0; i < 7; i++)
                        using (var p = Ink.Fill(books[(i + shelf * 2) % books.Length]))
                            c.DrawRect(new SKRect(x - 18 + 5 * i, top + (i % 3), x - 14 + 5 * i, top + 21), p);
                }
                break;
            }
            case Prop.Plant:
            {
                using (var pot = new SKPathBuilder())
                {
                    pot.MoveTo(x - 9, floor - 20); pot.LineTo(x + 9, floor - 20); pot.LineTo(x + 7, floor); pot.LineTo(x - 7, floor); pot.Close();
                    Ink.FillPath(c, pot, new SKColor(0xB0, 0x5E, 0x3A));
                }
                for (int i = 0; i < 7; i++)
                {
                    float a = -150 + 20 * i;
                    var tip = new SKPoint(x, floor - 20) + Ink.Scale(Ink.Dir(a), 26 + 6 * (i % 2));
                    Ink.Line(c, new SKPoint(x, floor - 20), tip, i % 2 == 0 ? new SKColor(0x3A, 0x7A, 0x3A) : new SKColor(0x2A, 0x60, 0x30), 5.5f);
                }
                break;
            }
            case Prop.MusicStand:
            {
                var black = new SKColor(0x1A, 0x1A, 0x1C);
                Ink.Line(c, new SKPoint(x, floor + 20), new SKPoint(x, 108), black, 1.6f);
                Ink.Line(c, new SKPoint(x - 9, floor + 24), new SKPoint(x, floor + 10), black, 1.4f);
                Ink.Line(c, new SKPoint(x + 9, floor + 24), new SKPoint(x, floor + 10), black, 1.4f);
                using (var desk = new SKPathBuilder())
                {
                    desk.MoveTo(x - 17, 88); desk.LineTo(x + 17, 88); desk.LineTo(x + 15, 110); desk.LineTo(x - 15, 110); desk.Close();
                    Ink.FillPath(c, desk, black);
                }
                using (var p = Ink.Fill(new SKColor(0xF4, 0xF2, 0xEA))) c.DrawRect(new SKRect(x - 14, 84, x + 13, 104), p);
                for (int i = 0; i < 4; i++) Ink.Line(c, new SKPoint(x - 12, 88 + 4.5f * i), new SKPoint(x + 11, 88 + 4.5f * i), new SKColor(0x60, 0x60, 0x60), 0.4f);
                break;
            }
        }
    }

    /// <summary>Warm or cool light and exposure over the whole stage, then a gentle vignette in the frame.</summary>
    public static void Light(SKCanvas c, Backdrop b)
    {
        using (var tint = Ink.Fill(b.Tint.WithAlpha(22))) c.DrawRect(new SKRect(Far, Far, FarEnd, FarEnd), tint);
        var exposure = b.Brightness >= 1 ? SKColors.White.WithAlpha((byte)((b.Brightness - 1) * 400)) : SKColors.Black.WithAlpha((byte)((1 - b.Brightness) * 300));
        using (var e = Ink.Fill(exposure)) c.DrawRect(new SKRect(Far, Far, FarEnd, FarEnd), e);
    }

    public static void Vignette(SKCanvas c, int size)
    {
        using var shader = SKShader.CreateRadialGradient(new SKPoint(size / 2f, size / 2f), size * 0.75f,
            [SKColors.Transparent, SKColors.Black.WithAlpha(70)], [0.6f, 1f], SKShaderTileMode.Clamp);
        using var p = new SKPaint { Shader = shader };
        c.DrawRect(new SKRect(0, 0, size, size), p);
    }
}
