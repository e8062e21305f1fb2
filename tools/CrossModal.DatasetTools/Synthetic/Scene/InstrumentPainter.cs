using CrossModal.Core;
using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic.Scene;

/// <summary>
/// Draws one instrument in the player's hands. <see cref="Paint"/> draws the instrument and, through
/// <c>drawArm</c>, the arms at the moments that give the right overlap (e.g. a violinist's left arm
/// under the violin, the bow hand over the bow).
/// </summary>
internal abstract class InstrumentPainter
{
    /// <summary>How far apart a seated player's knees are (a cello sits between them).</summary>
    public virtual float KneeSpread => 13f;

    /// <summary>Head roll in degrees for this pose (positive: towards the image's right).</summary>
    public virtual float HeadTilt(PoseParameters pose) => 0f;

    /// <summary>
    /// The part of the stage the camera frames (before its zoom, offset and roll): from above the head (or
    /// the instrument, if taller) down to the knees, or to the floor where the instrument stands on it.
    /// </summary>
    public virtual SKRect Frame(Body body)
    {
        float top = body.HeadCenter.Y - Body.HeadRadius - 9;
        float bottom = body.Seated ? Body.Ground + 2 : body.HipY + 46;
        float h = bottom - top;
        return new SKRect(body.CenterX - 6 - h / 2, top, body.CenterX - 6 + h / 2, bottom);
    }

    /// <summary>A frame moved towards the image's left, for instruments that reach out that way.</summary>
    protected static SKRect LeftReaching(SKRect frame)
    {
        frame.Offset(-14, 0);
        return frame;
    }

    public abstract void Paint(SKCanvas c, Body body, PoseParameters pose, Action<Side, SKPoint> drawArm);

    public static InstrumentPainter For(string instrument, string voiceLabel) => instrument switch
    {
        "cello" => new CelloPainter(),
        "double_bass" => new DoubleBassPainter(),
        "violin" => new ViolinPainter(viola: false),
        "viola" => new ViolinPainter(viola: true),
        "flute" => new FlutePainter(),
        "clarinet" => new ClarinetPainter(oboe: false),
        "oboe" => new ClarinetPainter(oboe: true),
        "bassoon" => new BassoonPainter(),
        "sax" => new SaxophonePainter(tenor: voiceLabel.Contains("tenor", StringComparison.Ordinal)),
        "trumpet" => new TrumpetPainter(),
        "trombone" => new TrombonePainter(),
        "horn" => new HornPainter(),
        "tuba" => new TubaPainter(),
        _ => throw new InvalidInputException($"unknown instrument '{instrument}'."),
    };
}
