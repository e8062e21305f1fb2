using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Domain;
using SkiaSharp;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// A contact sheet of a paired dataset: one row per instrument (in class order), up to
/// <c>columns</c> images per row taken evenly across its pieces, as a PNG. Works on any dataset in the
/// standard layout (img/{train,validation}/&lt;instrument&gt;/*.jpg), synthetic or not.
/// </summary>
public static class SampleGrid
{
    public static (int Rows, int Images) Write(string datasetDir, string outputPng, int columns = 6, int cell = 128)
    {
        if (columns is < 1 or > 64) throw new InvalidInputException($"columns {columns} is out of range: use 1 to 64.");
        if (cell is < 16 or > 512) throw new InvalidInputException($"cell size {cell} is out of range: use 16 to 512 pixels.");
        if (!Directory.Exists(datasetDir)) throw new InvalidInputException($"dataset folder '{datasetDir}' not found.");
        if (Directory.Exists(outputPng)) throw new InvalidInputException($"output '{outputPng}' is a folder, not a file.");

        var rows = new List<List<string>>();
        foreach (var instrument in Instruments.All)
        {
            var images = new[] { "train", "validation" }
                .Select(split => Path.Combine(datasetDir, "img", split, instrument))
                .Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d, "*.jpg"))
                .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal)
                .ToList();
            if (images.Count == 0) continue;
            // Evenly spaced picks, so the row shows different pieces (players, rooms) rather than one.
            var picks = Enumerable.Range(0, Math.Min(columns, images.Count))
                .Select(k => images[(int)((k + 0.5) * images.Count / Math.Min(columns, images.Count))])
                .ToList();
            rows.Add(picks);
        }
        if (rows.Count == 0) throw new InvalidInputException($"'{datasetDir}' holds no images under img/train or img/validation.");

        var info = new SKImageInfo(columns * cell, rows.Count * cell, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0x20, 0x20, 0x24));
        int count = 0;
        using var sampling = new SKPaint();
        for (int r = 0; r < rows.Count; r++)
            for (int k = 0; k < rows[r].Count; k++)
            {
                using var image = SKImage.FromEncodedData(rows[r][k])
                    ?? throw new InvalidInputException($"'{rows[r][k]}' is not a readable image.");
                var dest = new SKRect(k * cell + 1, r * cell + 1, (k + 1) * cell - 1, (r + 1) * cell - 1);
                canvas.DrawImage(image, dest, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), sampling);
                count++;
            }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("PNG encoding failed.");
        AtomicFile.WriteAllBytes(outputPng, png.AsSpan());
        return (rows.Count, count);
    }
}
