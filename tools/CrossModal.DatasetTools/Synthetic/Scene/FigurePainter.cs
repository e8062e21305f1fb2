using CrossModal.Core.Datasets;
using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>Draws the player: chair, legs, torso and clothes, head, hair and face, and arms reaching for given hand positions.</summary>
internal sealed class FigurePainter(Body body, PlayerLook player, Outfit outfit)
{
    static readonly SKColor ChairDark = new(0x2A, 0x22, 0x1E), ChairSeat = new(0x3A, 0x30, 0x2A);

    public void DrawChairBack(SKCanvas c)
    {
        if (!body.Seated) return;
        float x = body.CenterX, top = body.ShoulderY + 6;
        using var path = new SKPathBuilder();
        path.AddRoundRect(new SKRect(x - 25, top, x + 25, body.HipY + 2), 4, 4);
        Ink.FillPath(c, path, ChairDark);
        Ink.Line(c, new SKPoint(x - 22, top + 3), new SKPoint(x + 22, top + 3), Ink.Mix(ChairDark, SKColors.White, 0.18f), 1.5f);
    }

    public void DrawLegs(SKCanvas c)
    {
        float x = body.CenterX, w = body.Build;
        var bottom = outfit.Bottom;
        bool skinLegs = outfit.Skirt || outfit.Kind == TopKind.Dress;
        var legColor = skinLegs ? Ink.Darker(player.Skin, 0.92f) : bottom;
        if (body.Seated)
        {
            // Chair legs and seat, then foreshortened thighs coming towards the camera and shins down to the floor.
            Ink.Line(c, new SKPoint(x - 26, body.HipY + 4), new SKPoint(x - 28, Body.Ground), ChairDark, 2.4f);
            Ink.Line(c, new SKPoint(x + 26, body.HipY + 4), new SKPoint(x + 28, Body.Ground), ChairDark, 2.4f);
            using (var seat = new SKPathBuilder())
            {
                seat.AddRoundRect(new SKRect(x - 30, body.HipY - 1, x + 30, body.HipY + 6), 2.5f, 2.5f);
                Ink.FillPath(c, seat, ChairSeat);
            }
            foreach (int sgn in new[] { -1, 1 })
            {
                var knee = new SKPoint(x + sgn * body.KneeSpread, body.KneeY);
                var foot = new SKPoint(x + sgn * (body.KneeSpread + 2), Body.Ground - 3);
                Ink.Line(c, knee, foot, legColor, 10.5f * w);
                using var thigh = new SKPathBuilder();
                thigh.MoveTo(x + sgn * 2, body.HipY - 4);
                thigh.LineTo(x + sgn * 17 * w, body.HipY - 4);
                thigh.LineTo(knee.X + sgn * 6.5f * w, knee.Y + 2);
                thigh.LineTo(knee.X - sgn * 6.5f * w, knee.Y + 2);
                thigh.Close();
                Ink.FillPath(c, thigh, skinLegs ? bottom : Ink.Mix(bottom, SKColors.White, 0.06f));
                Ink.Oval(c, new SKPoint(foot.X + sgn * 1.5f, Body.Ground - 1.5f), 6.5f, 3.2f, outfit.Shoes);
            }
            if (outfit.Skirt || outfit.Kind == TopKind.Dress)
            {
                using var skirt = new SKPathBuilder();
                skirt.MoveTo(x - 17 * w, body.HipY - 12);
                skirt.LineTo(x + 17 * w, body.HipY - 12);
                skirt.LineTo(x + body.KneeSpread + 9, body.KneeY + 8);
                skirt.LineTo(x - body.KneeSpread - 9, body.KneeY + 8);
                skirt.Close();
                Ink.FillPath(c, skirt, bottom);
            }
            return;
        }

        foreach (int sgn in new[] { -1, 1 })
        {
            var hip = new SKPoint(x + sgn * 8.5f * w, body.HipY);
            var foot = new SKPoint(x + sgn * 10f * w, Body.Ground - 4);
            Ink.Line(c, hip, foot, legColor, 12.5f * w, SKStrokeCap.Butt);
            Ink.Oval(c, new SKPoint(foot.X + sgn * 2, Body.Ground - 2), 7f, 3.4f, outfit.Shoes);
        }
        if (!skinLegs)
        {
            using var pelvis = new SKPathBuilder();
            pelvis.AddRoundRect(new SKRect(x - 17 * w, body.HipY - 8, x + 17 * w, body.HipY + 9), 4, 4);
            Ink.FillPath(c, pelvis, bottom);
        }
        else
        {
            using var skirt = new SKPathBuilder();
            float hem = outfit.Kind == TopKind.Dress ? body.KneeY + 14 : body.KneeY;
            skirt.MoveTo(x - 16 * w, body.HipY - 10);
            skirt.LineTo(x + 16 * w, body.HipY - 10);
            skirt.LineTo(x + 24 * w, hem);
            skirt.LineTo(x - 24 * w, hem);
            skirt.Close();
            Ink.FillPath(c, skirt, bottom);
        }
    }

    public void DrawTorso(SKCanvas c)
    {
        float x = body.CenterX, w = body.Build, sy = body.ShoulderY;
        float waistY = sy + 44, hipY = body.HipY + (body.Seated ? 0 : 2);
        using var torso = new SKPathBuilder();
        torso.MoveTo(x - 19 * w, sy + 8);
        torso.QuadTo(x - 19 * w, sy, x - 11 * w, sy - 0.5f);
        torso.LineTo(x + 11 * w, sy - 0.5f);
        torso.QuadTo(x + 19 * w, sy, x + 19 * w, sy + 8);
        torso.LineTo(x + 15 * w, waistY);
        torso.LineTo(x + 17 * w, hipY);
        torso.LineTo(x - 17 * w, hipY);
        torso.LineTo(x - 15 * w, waistY);
        torso.Close();
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(x, sy), new SKPoint(x, hipY),
                   [Ink.Mix(outfit.Top, SKColors.White, 0.08f), Ink.Darker(outfit.Top, 0.82f)], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { IsAntialias = true, Shader = shader })
            c.DrawPath(torso, paint);

        // Neck, and the neckline of the clothes.
        var skin = player.Skin;
        Ink.Line(c, new SKPoint(body.NeckBase.X, sy - 9), new SKPoint(body.NeckBase.X, sy + 1), Ink.Darker(skin, 0.9f), 9f, SKStrokeCap.Butt);
        switch (outfit.Kind)
        {
            case TopKind.Jacket:
            {
                using var shirt = new SKPathBuilder();
                shirt.MoveTo(x - 6, sy - 0.5f); shirt.LineTo(x + 6, sy - 0.5f); shirt.LineTo(x, sy + 24); shirt.Close();
                var inner = outfit.Top.Red + outfit.Top.Green + outfit.Top.Blue > 600 ? new SKColor(0x30, 0x30, 0x38) : new SKColor(0xF2, 0xF2, 0xF0);
                Ink.FillPath(c, shirt, inner);
                Ink.Line(c, new SKPoint(x - 6, sy), new SKPoint(x, sy + 24), Ink.Darker(outfit.Top, 0.6f), 1.4f);
                Ink.Line(c, new SKPoint(x + 6, sy), new SKPoint(x, sy + 24), Ink.Darker(outfit.Top, 0.6f), 1.4f);
                break;
            }
            case TopKind.Dress:
            {
                using var neckline = new SKPathBuilder();
                neckline.MoveTo(x - 9, sy - 0.5f); neckline.QuadTo(x, sy + 11, x + 9, sy - 0.5f); neckline.Close();
                Ink.FillPath(c, neckline, Ink.Darker(skin, 0.95f));
                break;
            }
            default:
            {
                using var neckline = new SKPathBuilder();
                neckline.MoveTo(x - 5, sy - 0.5f); neckline.QuadTo(x, sy + 5, x + 5, sy - 0.5f); neckline.Close();
                Ink.FillPath(c, neckline, Ink.Darker(skin, 0.9f));
                break;
            }
        }
    }

    /// <summary>Long hair, a ponytail or a bob fall behind the shoulders: drawn before the torso's front.</summary>
    public void DrawHairBehind(SKCanvas c)
    {
        if (player.Style is not (HairStyle.Long or HairStyle.Bob)) return;
        c.Save();
        ApplyHeadTransform(c);
        var h = body.HeadCenter;
        float r = Body.HeadRadius, bottom = player.Style == HairStyle.Long ? h.Y + r + 17 : h.Y + r + 3;
        using var path = new SKPathBuilder();
        path.AddRoundRect(new SKRect(h.X - r - 3, h.Y - r + 2, h.X + r + 3, bottom), 7, 7);
        Ink.FillPath(c, path, Ink.Darker(player.Hair, 0.85f));
        c.Restore();
    }

    public void DrawHead(SKCanvas c)
    {
        c.Save();
        ApplyHeadTransform(c);
        var h = body.HeadCenter;
        float r = Body.HeadRadius;
        var skin = player.Skin;
        var hair = player.Hair;
        if (player.Style == HairStyle.Bun) Ink.Circle(c, new SKPoint(h.X, h.Y - r - 2), 5.5f, hair);
        if (player.Style == HairStyle.Ponytail) Ink.Oval(c, new SKPoint(h.X + r - 1, h.Y + 3), 3.5f, 8f, hair);
        // Ears, face with a soft light from the upper left.
        Ink.Circle(c, new SKPoint(h.X - r + 0.5f, h.Y + 1.5f), 2.6f, Ink.Darker(skin, 0.9f));
        Ink.Circle(c, new SKPoint(h.X + r - 0.5f, h.Y + 1.5f), 2.6f, Ink.Darker(skin, 0.9f));
        using (var shader = SKShader.CreateRadialGradient(new SKPoint(h.X - 3, h.Y - 3), r * 1.5f, [Ink.Mix(skin, SKColors.White, 0.12f), Ink.Darker(skin, 0.86f)], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { IsAntialias = true, Shader = shader })
            c.DrawOval(new SKPoint(h.X, h.Y + 0.5f), new SKSize(r - 0.8f, r + 0.5f), paint);

        // The face looks down a little with each nod.
        float look = 1.6f * body.Nod;
        var feature = Ink.Darker(skin, 0.45f);
        Ink.Oval(c, new SKPoint(h.X - 4.3f, h.Y + 0.8f + look), 1.3f, 1.05f, new SKColor(0x24, 0x1A, 0x16));
        Ink.Oval(c, new SKPoint(h.X + 4.3f, h.Y + 0.8f + look), 1.3f, 1.05f, new SKColor(0x24, 0x1A, 0x16));
        Ink.Line(c, new SKPoint(h.X - 6.3f, h.Y - 2.3f + look), new SKPoint(h.X - 2.6f, h.Y - 2.6f + look), Ink.Darker(hair, 0.9f), 0.9f);
        Ink.Line(c, new SKPoint(h.X + 2.6f, h.Y - 2.6f + look), new SKPoint(h.X + 6.3f, h.Y - 2.3f + look), Ink.Darker(hair, 0.9f), 0.9f);
        Ink.Line(c, new SKPoint(h.X + 0.3f, h.Y + 1.8f + look), new SKPoint(h.X - 0.8f, h.Y + 4.2f + look), Ink.Darker(skin, 0.8f), 0.9f);
        Ink.Line(c, new SKPoint(h.X - 2.3f, h.Y + 7f + look * 0.5f), new SKPoint(h.X + 2.3f, h.Y + 7f + look * 0.5f), Ink.Mix(feature, new SKColor(0xA0, 0x40, 0x40), 0.5f), 1f);
        if (player.Beard)
        {
            using var beard = new SKPathBuilder();
            beard.MoveTo(h.X - r + 1.5f, h.Y + 2);
            beard.QuadTo(h.X - r + 2, h.Y + r + 3, h.X, h.Y + r + 3.5f);
            beard.QuadTo(h.X + r - 2, h.Y + r + 3, h.X + r - 1.5f, h.Y + 2);
            beard.QuadTo(h.X, h.Y + 9, h.X - r + 1.5f, h.Y + 2);
            Ink.FillPath(c, beard, Ink.Darker(hair, 0.95f));
        }
        if (player.Glasses)
        {
            using var frame = Ink.Stroke(new SKColor(0x22, 0x22, 0x26), 0.8f);
            c.DrawCircle(new SKPoint(h.X - 4.3f, h.Y + 0.8f + look), 3f, frame);
            c.DrawCircle(new SKPoint(h.X + 4.3f, h.Y + 0.8f + look), 3f, frame);
            c.DrawLine(new SKPoint(h.X - 1.3f, h.Y + 0.5f + look), new SKPoint(h.X + 1.3f, h.Y + 0.5f + look), frame);
        }
        DrawHairTop(c, h, r, hair);
        c.Restore();
    }

    void DrawHairTop(SKCanvas c, SKPoint h, float r, SKColor hair)
    {
        switch (player.Style)
        {
            case HairStyle.Bald:
            {
                using var sides = Ink.Stroke(hair, 2.2f);
                c.DrawArc(new SKRect(h.X - r, h.Y - r, h.X + r, h.Y + r), 160, 30, false, sides);
                c.DrawArc(new SKRect(h.X - r, h.Y - r, h.X + r, h.Y + r), -10, 30, false, sides);
                break;
            }
            case HairStyle.Curly:
                for (int i = 0; i < 9; i++)
                {
                    float a = MathF.PI * (1.05f + 0.9f * i / 8f);
                    Ink.Circle(c, new SKPoint(h.X + (r - 0.5f) * MathF.Cos(a), h.Y - 1 + (r - 0.5f) * MathF.Sin(a)), 4.4f, hair);
                }
                Ink.Circle(c, new SKPoint(h.X, h.Y - r + 2), 6, hair);
                break;
            default:
            {
                // A cap over the crown with a side parting; long styles also frame the face.
                using var cap = new SKPathBuilder();
                cap.MoveTo(h.X - r - 0.8f, h.Y + 1);
                cap.CubicTo(h.X - r - 1.5f, h.Y - r - 3, h.X + r + 1.5f, h.Y - r - 3, h.X + r + 0.8f, h.Y + 1);
                cap.QuadTo(h.X + r - 2, h.Y - 5, h.X + 2, h.Y - 6.5f);
                cap.QuadTo(h.X - 6, h.Y - 5.5f, h.X - r - 0.8f, h.Y + 1);
                cap.Close();
                Ink.FillPath(c, cap, hair);
                if (player.Style is HairStyle.Long or HairStyle.Bob)
                {
                    float len = player.Style == HairStyle.Long ? r + 12 : r + 2;
                    Ink.Line(c, new SKPoint(h.X - r + 0.5f, h.Y - 2), new SKPoint(h.X - r + 1, h.Y + len), hair, 3.2f);
                    Ink.Line(c, new SKPoint(h.X + r - 0.5f, h.Y - 2), new SKPoint(h.X + r - 1, h.Y + len), hair, 3.2f);
                }
                break;
            }
        }
    }

    void ApplyHeadTransform(SKCanvas c)
    {
        c.RotateDegrees(body.HeadTilt, body.NeckBase.X, body.NeckBase.Y);
        c.Translate(0, 2.4f * body.Nod);
    }

    /// <summary>An arm from the shoulder to <paramref name="hand"/>, in sleeve and skin, ending in a hand.</summary>
    public void DrawArm(SKCanvas c, Side side, SKPoint hand)
    {
        var s = body.Shoulder(side);
        var e = body.Elbow(side, hand);
        float w = body.Build;
        var skin = player.Skin;
        var sleeve = Ink.Darker(outfit.Top, 0.93f);
        bool shortSleeves = outfit.Kind is TopKind.TShirt or TopKind.Dress;
        var edge = Ink.Darker(outfit.Top, 0.7f);
        if (shortSleeves)
        {
            var mid = Ink.Lerp(s, e, 0.55f);
            Ink.Line(c, mid, e, Ink.Darker(skin, 0.95f), 8.2f * w);
            Ink.Line(c, s, mid, edge, 10.4f * w);
            Ink.Line(c, s, mid, sleeve, 9.4f * w);
            Ink.Line(c, e, hand, Ink.Darker(skin, 0.97f), 7f * w);
        }
        else
        {
            Ink.Line(c, s, e, edge, 10f * w);
            Ink.Line(c, e, hand, edge, 8.4f * w);
            Ink.Line(c, s, e, sleeve, 9f * w);
            Ink.Line(c, e, hand, sleeve, 7.4f * w);
            Ink.Line(c, Ink.Lerp(e, hand, 0.86f), hand, skin, 6f * w);
        }
        Ink.Circle(c, hand, 4.3f * w, Ink.Darker(skin, 0.8f));
        Ink.Circle(c, hand, 3.7f * w, skin);
    }
}
