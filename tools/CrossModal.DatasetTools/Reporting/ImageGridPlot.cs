using CrossModal.Core;
using CrossModal.Core.Datasets;
using SkiaSharp;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>One labelled row of an image grid: 64x64 CHW images in [-1, 1].</summary>
public sealed record GridRow(string Label, IReadOnlyList<float[]> Images);

/// <summary>Rows of images with a label column and column headers (e.g. "real", "generated 1", ...), as PNG.</summary>
public static class ImageGridPlot
{
    public static byte[] Render(string title, IReadOnlyList<string> columnHeaders, IReadOnlyList<GridRow> rows, int size = 64, int scale = 2)
    {
        if (rows.Count == 0) throw new InvalidInputException($"image grid '{title}' has no rows.");
        int columns = rows.Max(r => r.Images.Count), tile = size * scale, gap = 4, left = 120, top = 70;
        int width = left + columns * (tile + gap) + 10, height = top + rows.Count * (tile + gap) + 10;
        using var plot = new PlotCanvas(width, height);
        plot.Text(title, width / 2f, 26, 17, SKTextAlign.Center);
        for (var c = 0; c < columnHeaders.Count && c < columns; c++)
            plot.Text(columnHeaders[c], left + c * (tile + gap) + tile / 2f, top - 10, 13, SKTextAlign.Center);
        var sampling = new SKSamplingOptions(SKFilterMode.Nearest);
        for (var r = 0; r < rows.Count; r++)
        {
            float y = top + r * (tile + gap);
            plot.Text(rows[r].Label, left - 8, y + tile / 2f + 5, 13, SKTextAlign.Right);
            for (var c = 0; c < rows[r].Images.Count; c++)
            {
                using var bitmap = ToBitmap(rows[r].Images[c], size);
                using var image = SKImage.FromBitmap(bitmap);
                plot.Canvas.DrawImage(image, new SKRect(left + c * (tile + gap), y, left + c * (tile + gap) + tile, y + tile), sampling);
            }
        }
        return plot.EncodePng();
    }

    static SKBitmap ToBitmap(float[] chw, int size)
    {
        var plane = size * size;
        if (chw.Length != 3 * plane) throw new InvalidInputException($"grid image has {chw.Length} values, expected 3x{size}x{size}.");
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                bitmap.SetPixel(x, y, new SKColor(Byte(chw[i]), Byte(chw[plane + i]), Byte(chw[2 * plane + i])));
            }
        return bitmap;
    }

    static byte Byte(float v) => float.IsNaN(v) ? (byte)128 : (byte)MathF.Round((Math.Clamp(v, -1f, 1f) + 1f) * 127.5f);
}
