using System.Globalization;
using CrossModal.Core;
using SkiaSharp;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>
/// A confusion matrix as a heat map PNG: rows = true class, columns = predicted, each cell shaded by the share of
/// its row (so classes with few samples read as clearly as large ones) and labelled with its count.
/// </summary>
public static class HeatMapPlot
{
    public static byte[] Render(string title, IReadOnlyList<string> labels, int[][] counts)
    {
        var k = labels.Count;
        if (counts.Length != k || counts.Any(r => r.Length != k)) throw new InvalidInputException($"confusion matrix must be {k}x{k}.");
        const int cell = 44, left = 120, top = 60, bottom = 110;
        int width = left + k * cell + 20, height = top + k * cell + bottom;
        using var plot = new PlotCanvas(width, height);
        plot.Text(title, width / 2f, 30, 17, SKTextAlign.Center);
        var map = CrossModal.Domain.ColorMaps.Viridis;
        for (var r = 0; r < k; r++)
        {
            var rowSum = counts[r].Sum();
            plot.Text(labels[r], left - 8, top + r * cell + cell / 2f + 5, 13, SKTextAlign.Right);
            for (var c = 0; c < k; c++)
            {
                var share = rowSum == 0 ? 0 : (double)counts[r][c] / rowSum;
                var (cr, cg, cb) = map[(int)Math.Round(share * 255)];
                using var fill = new SKPaint { Color = rowSum == 0 ? new SKColor(0xf0, 0xf0, 0xf0) : new SKColor(cr, cg, cb) };
                plot.Canvas.DrawRect(left + c * cell, top + r * cell, cell - 1, cell - 1, fill);
                if (counts[r][c] > 0)
                    plot.Text(counts[r][c].ToString(CultureInfo.InvariantCulture), left + c * cell + cell / 2f, top + r * cell + cell / 2f + 5, 12,
                        SKTextAlign.Center, share > 0.6 ? SKColors.Black : SKColors.White);
            }
        }
        for (var c = 0; c < k; c++)
        {
            float x = left + c * cell + cell / 2f, y = top + k * cell + 8;
            plot.Canvas.Save();
            plot.Canvas.RotateDegrees(-60, x, y);
            plot.Text(labels[c], x, y + 4, 13, SKTextAlign.Right);
            plot.Canvas.Restore();
        }
        plot.Text("predicted →   (rows: true instrument; shade: share of the row)", width / 2f, height - 10, 12, SKTextAlign.Center);
        return plot.EncodePng();
    }
}
