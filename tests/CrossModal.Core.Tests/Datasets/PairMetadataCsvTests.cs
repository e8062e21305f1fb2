using CrossModal.Core.Datasets;

namespace CrossModal.Core.Tests.Datasets;

public class PairMetadataCsvTests
{
    [Fact]
    public void ParsesHeaderQuotingBomAndCrLf()
    {
        var csv = PairMetadataCsv.Parse("\uFEFFname,midi_pitch,note\r\ncello01_0,60,\"a, \"\"quoted\"\" note\"\r\nviolin00_500,72,\r\n");
        Assert.Equal(["name", "midi_pitch", "note"], csv.Columns);
        Assert.Equal("60", csv.For("cello01_0")["midi_pitch"]);
        Assert.Equal("a, \"quoted\" note", csv.For("cello01_0")["note"]);
        Assert.Equal("", csv.For("violin00_500")["note"]);
        Assert.False(csv.For("violin00_500").ContainsKey("name"));
        Assert.Empty(csv.For("absent"));
    }

    [Theory]
    [InlineData("", "no header")]
    [InlineData("pair,pitch\nx,1\n", "no 'name' column")]
    [InlineData("name,pitch\nx,1,2\n", "row 2 has 3 fields")]
    [InlineData("name,pitch\nx,1\nx,2\n", "repeats pair name 'x'")]
    [InlineData("name,name\n", "repeats column 'name'")]
    [InlineData("name,pitch\n\"x,1\n", "inside a quoted field")]
    public void RefusesMalformedCsv(string text, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => PairMetadataCsv.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        using var dir = new TempFolder();
        var path = dir["pairs.csv"];
        PairMetadataCsv.WriteFile(path, ["name", "pose_x", "comment"], [["a01_0", "0.25", "x,y"], ["b02_500", "-1", "line\nbreak"]]);
        var csv = PairMetadataCsv.ReadFile(path);
        Assert.Equal("0.25", csv.For("a01_0")["pose_x"]);
        Assert.Equal("x,y", csv.For("a01_0")["comment"]);
        Assert.Equal("line\nbreak", csv.For("b02_500")["comment"]);
    }
}
