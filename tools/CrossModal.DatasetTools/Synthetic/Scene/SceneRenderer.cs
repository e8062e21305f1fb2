using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>
/// Draws one frame: the room, the player in their clothes, the instrument in the pose given, through the
/// camera framing. Pure function of its arguments (no shared state), so frames can be drawn in parallel.
/// </summary>
public static class SceneRenderer
{
    public static void Draw(SKCanvas c, int size, string instrument, SceneLook look, PoseParameters pose, CameraFraming camera, float sway)
    {
        var painter = InstrumentPainter.For(instrument, look.VoiceLabel);
        var body = Body.Create(look.Player, look.Seated, painter.KneeSpread, sway);
        body.HeadTilt = painter.HeadTilt(pose) + sway * 0.8f;
        body.Nod = pose.Pose3;
        var frame = painter.Frame(body);

        c.Save();
        c.Scale(size / 200f);
        c.Translate(100 + camera.Dx * 200, 100 + camera.Dy * 200);
        c.RotateDegrees(camera.RotationDeg);
        c.Scale(camera.Zoom * 200f / Math.Max(frame.Width, frame.Height));
        c.Translate(-frame.MidX, -frame.MidY);

        BackdropPainter.Draw(c, look.Backdrop);
        var figure = new FigurePainter(body, look.Player, look.Outfit);
        figure.DrawChairBack(c);
        figure.DrawLegs(c);
        figure.DrawHairBehind(c);
        figure.DrawTorso(c);
        figure.DrawHead(c);
        painter.Paint(c, body, pose, (side, hand) => figure.DrawArm(c, side, hand));
        BackdropPainter.Light(c, look.Backdrop);
        c.Restore();
        BackdropPainter.Vignette(c, size);
    }

    /// <summary>Draws a frame and encodes it as JPEG.</summary>
    public static byte[] RenderJpeg(int size, int quality, string instrument, SceneLook look, PoseParameters pose, CameraFraming camera, float sway)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.Black);
        Draw(surface.Canvas, size, instrument, look, pose, camera, sway);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the frame as JPEG.");
        return data.ToArray();
    }
}
