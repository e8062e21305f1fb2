using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Imaging;

/// <summary>Tiles equally sized images into one grid image, row by row, with a thin gap between tiles.</summary>
public static class ImageGrid
{
    public static Image<Rgb24> Compose(IReadOnlyList<Image<Rgb24>> tiles, int columns, int gap = 2)
    {
        if (tiles.Count == 0) throw new InvalidInputException("an image grid needs at least one tile.");
        if (columns < 1) throw new InvalidInputException($"an image grid needs at least one column, got {columns}.");
        int w = tiles[0].Width, h = tiles[0].Height;
        int rows = (tiles.Count + columns - 1) / columns, cols = Math.Min(columns, tiles.Count);
        var grid = new Image<Rgb24>(cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap, new Rgb24(255, 255, 255));
        for (int t = 0; t < tiles.Count; t++)
        {
            var tile = tiles[t];
            if (tile.Width != w || tile.Height != h) throw new InvalidInputException("image grid tiles must all have the same size.");
            int ox = t % columns * (w + gap), oy = t / columns * (h + gap);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    grid[ox + x, oy + y] = tile[x, y];
        }
        return grid;
    }

    /// <summary>A grid PNG of a batch of CHW images in [-1, 1] (e.g. a training preview [N,3,H,W]).</summary>
    public static byte[] PngFromBatch(ReadOnlySpan<float> data, long[] shape, int columns)
    {
        if (shape.Length != 4 || shape[1] != 3) throw new InvalidInputException($"expected an image batch [N,3,H,W], got [{string.Join(",", shape)}].");
        int n = (int)shape[0], h = (int)shape[2], w = (int)shape[3], size = 3 * h * w;
        var tiles = new List<Image<Rgb24>>(n);
        try
        {
            for (int i = 0; i < n; i++) tiles.Add(ImageTensors.FromChw(data.Slice(i * size, size), w, h));
            using var grid = Compose(tiles, columns);
            return PngImageEncoder.Encode(grid);
        }
        finally
        {
            foreach (var t in tiles) t.Dispose();
        }
    }
}
