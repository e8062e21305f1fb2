using CrossModal.Core.Datasets;

namespace CrossModal.Core.Tests.Datasets;

public class PairNameTests
{
    [Theory]
    [InlineData("cello01_1400", "cello", 1, 1400)]
    [InlineData("double_bass00_6000", "double_bass", 0, 6000)]
    [InlineData("bassoon00_24700", "bassoon", 0, 24700)]
    [InlineData("violin123_0", "violin", 123, 0)]
    public void ParsesWithoutKnowingTheInstrument(string name, string instrument, int video, int ms)
    {
        Assert.True(PairName.TryParse(name, null, out var p));
        Assert.Equal(new PairName(instrument, video, ms), p);
        Assert.Equal(name, p.ToString());
    }

    [Fact]
    public void ParsesAgainstTheFolderInstrument()
    {
        Assert.True(PairName.TryParse("double_bass01_2400", "double_bass", out var p));
        Assert.Equal(("double_bass", 1, 2400, "double_bass01"), (p.Instrument, p.Video, p.StartMs, p.VideoId));
        Assert.False(PairName.TryParse("violin01_5300", "viola", out _));
    }

    [Theory]
    [InlineData("cello1_100")]
    [InlineData("cello01-100")]
    [InlineData("cello01_")]
    [InlineData("cello_100")]
    [InlineData("01_100")]
    [InlineData("cello01_99999999999")]
    [InlineData("cello01_1400.jpg")]
    public void RefusesMalformedNames(string name)
    {
        Assert.False(PairName.TryParse(name, null, out _));
        Assert.False(PairName.TryParse(name, "cello", out _));
    }

    [Fact]
    public void FormatsTheVideoWithTwoDigits() => Assert.Equal("horn03_500", new PairName("horn", 3, 500).ToString());
}
