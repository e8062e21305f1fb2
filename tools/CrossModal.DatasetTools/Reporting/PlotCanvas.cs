using CrossModal.Core.Datasets;
using SkiaSharp;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>
/// A white Skia drawing surface with a text font for the report's plots. The font is DejaVu Sans where the system
/// has it (Debian's fonts-dejavu-core) and Skia's default typeface otherwise (which may draw no glyphs on a machine
/// without fonts: the plot is still drawn, only its labels are missing).
/// </summary>
internal sealed class PlotCanvas : IDisposable
{
    static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];
    static readonly Lazy<SKTypeface> Typeface = new(() =>
        FontCandidates.Where(File.Exists).Select(f => SKTypeface.FromFile(f)).FirstOrDefault(t => t is not null) ?? SKTypeface.Default);

    readonly SKSurface surface;

    public PlotCanvas(int width, int height)
    {
        surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
                  ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        Canvas.Clear(SKColors.White);
        Width = width; Height = height;
    }

    public SKCanvas Canvas => surface.Canvas;
    public int Width { get; }
    public int Height { get; }

    public static SKFont Font(float size) => new(Typeface.Value, size);

    public void Text(string text, float x, float y, float size, SKTextAlign align = SKTextAlign.Left, SKColor? color = null)
    {
        using var font = Font(size);
        using var paint = new SKPaint { Color = color ?? SKColors.Black, IsAntialias = true };
        Canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>Text rotated a quarter turn anticlockwise, centred on (x, y): a y-axis label.</summary>
    public void VerticalText(string text, float x, float y, float size)
    {
        Canvas.Save();
        Canvas.RotateDegrees(-90, x, y);
        Text(text, x, y, size, SKTextAlign.Center);
        Canvas.Restore();
    }

    public byte[] EncodePng()
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("PNG encoding failed.");
        return data.ToArray();
    }

    public void Dispose() => surface.Dispose();
}
