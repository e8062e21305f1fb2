using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.DatasetTools.Reporting;
using CrossModal.Domain;

namespace CrossModal.Core.Tests.Reporting;

public sealed class PlotTests
{
    [Theory]
    [InlineData(0, 100, new double[] { 0, 20, 40, 60, 80, 100 })]
    [InlineData(1, 50, new double[] { 10, 20, 30, 40, 50 })]
    [InlineData(0, 0.3, new double[] { 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3 })]
    public void TicksAreRoundAndCoverTheRange(double min, double max, double[] expected)
    {
        var ticks = LinePlot.Ticks(min, max);
        Assert.Equal(expected.Length, ticks.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], ticks[i], 9);
    }

    [Fact]
    public void PlotsArePngsOfTheExpectedSize()
    {
        var line = LinePlot.Render("t", "epoch", "accuracy", [new PlotSeries("S2I-C train", [(1, 10), (2, 30)]), new PlotSeries("S2I-C validation", [(1, 5), (2, 20)], true)]);
        using (var img = SafeImageDecoder.Decode(line)) Assert.Equal((900, 540), (img.Width, img.Height));
        var counts = Enumerable.Range(0, 13).Select(r => Enumerable.Range(0, 13).Select(c => r == c ? 3 : 0).ToArray()).ToArray();
        using (var img = SafeImageDecoder.Decode(HeatMapPlot.Render("c", Instruments.All, counts))) Assert.True(img.Width > 13 * 40);
        var grid = ImageGridPlot.Render("g", ["real"], [new GridRow("cello", [new float[3 * 64 * 64]])]);
        using (var img = SafeImageDecoder.Decode(grid)) Assert.True(img.Height >= 128);
        Assert.Throws<InvalidInputException>(() => LinePlot.Render("t", "x", "y", [new PlotSeries("a", [(1, double.NaN)])]));
        Assert.Throws<InvalidInputException>(() => HeatMapPlot.Render("c", ["a"], counts));
    }
}
