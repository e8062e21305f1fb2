using System.Globalization;
using CrossModal.Core;
using CrossModal.Core.Datasets;
using SkiaSharp;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>One line of a plot: its legend name, points (x ascending), and whether it is drawn dashed.</summary>
public sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

/// <summary>
/// A line plot as PNG (Fig. 9: accuracy against epoch): axes with "nice" ticks, grid, axis labels, a title and a
/// legend. Colours follow the series' order; a dashed series shares the colour of the series before it with the
/// same name stem (e.g. "S2I-C train" solid and "S2I-C validation" dashed).
/// </summary>
public static class LinePlot
{
    static readonly SKColor[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xd6, 0x27, 0x28), new(0x2c, 0xa0, 0x2c), new(0xff, 0x7f, 0x0e),
        new(0x94, 0x67, 0xbd), new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f),
    ];

    public static byte[] Render(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series,
        (double Min, double Max)? yRange = null, int width = 900, int height = 540)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (points.Count == 0) throw new InvalidInputException($"plot '{title}' has no finite points.");
        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        var (yMin, yMax) = yRange ?? (points.Min(p => p.Y), points.Max(p => p.Y));
        if (xMax <= xMin) xMax = xMin + 1;
        if (yMax <= yMin) yMax = yMin + 1;

        using var plot = new PlotCanvas(width, height);
        const float left = 80, right = 220, top = 50, bottom = 70;
        float pw = width - left - right, ph = height - top - bottom;
        float Px(double x) => left + (float)((x - xMin) / (xMax - xMin)) * pw;
        float Py(double y) => top + ph - (float)((Math.Clamp(y, yMin, yMax) - yMin) / (yMax - yMin)) * ph;

        using var grid = new SKPaint { Color = new SKColor(0xe0, 0xe0, 0xe0), StrokeWidth = 1, IsAntialias = true };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1.5f, IsAntialias = true };
        foreach (var t in Ticks(xMin, xMax))
        {
            plot.Canvas.DrawLine(Px(t), top, Px(t), top + ph, grid);
            plot.Canvas.DrawLine(Px(t), top + ph, Px(t), top + ph + 5, axis);
            plot.Text(Format(t), Px(t), top + ph + 22, 14, SKTextAlign.Center);
        }
        foreach (var t in Ticks(yMin, yMax))
        {
            plot.Canvas.DrawLine(left, Py(t), left + pw, Py(t), grid);
            plot.Canvas.DrawLine(left - 5, Py(t), left, Py(t), axis);
            plot.Text(Format(t), left - 9, Py(t) + 5, 14, SKTextAlign.Right);
        }
        plot.Canvas.DrawLine(left, top + ph, left + pw, top + ph, axis);
        plot.Canvas.DrawLine(left, top, left, top + ph, axis);
        plot.Text(title, left + pw / 2, 30, 18, SKTextAlign.Center);
        plot.Text(xLabel, left + pw / 2, height - 20, 15, SKTextAlign.Center);
        plot.VerticalText(yLabel, 24, top + ph / 2, 15);

        var colourIndex = 0;
        var colours = new Dictionary<string, SKColor>();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var stem = s.Name.Split(' ')[0];
            if (!colours.TryGetValue(stem, out var colour)) colours[stem] = colour = Palette[colourIndex++ % Palette.Length];
            using var pen = new SKPaint
            {
                Color = colour, StrokeWidth = 2.5f, IsAntialias = true, Style = SKPaintStyle.Stroke,
                PathEffect = s.Dashed ? SKPathEffect.CreateDash([10, 6], 0) : null,
            };
            var finite = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderBy(p => p.X).ToList();
            if (finite.Count == 1) plot.Canvas.DrawCircle(Px(finite[0].X), Py(finite[0].Y), 3, pen);
            for (var k = 1; k < finite.Count; k++)
                plot.Canvas.DrawLine(Px(finite[k - 1].X), Py(finite[k - 1].Y), Px(finite[k].X), Py(finite[k].Y), pen);
            float ly = top + 12 + i * 24, lx = left + pw + 20;
            plot.Canvas.DrawLine(lx, ly, lx + 34, ly, pen);
            plot.Text(s.Name, lx + 42, ly + 5, 14);
        }
        return plot.EncodePng();
    }

    /// <summary>About six round tick values (1, 2 or 5 times a power of ten apart) covering [min, max].</summary>
    public static IReadOnlyList<double> Ticks(double min, double max)
    {
        var raw = (max - min) / 6;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step) ticks.Add(Math.Round(t / step) * step);
        return ticks;
    }

    static string Format(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
