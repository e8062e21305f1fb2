using CrossModal.Core.Tests.Training;
using CrossModal.DatasetTools.Experiments;

namespace CrossModal.Core.Tests.Experiments;

public sealed class RepresentationStudyFilesTests
{
    [Fact]
    public void ResultRoundTripsAndTablePutsThePaperBesideOurs()
    {
        using var dir = new TempDir();
        var result = new RepresentationStudyResult
        {
            Dataset = "/d", TrainN = 10, ValidationN = 4, Epochs = 1, PerClass = 5, Seed = 1, Threads = 2,
            Standardisation = RepresentationStudy.StandardisationNote,
            Scores = [new("LMS", 4, 128, 0.5, 0.75, 1.0, 0.8744), new("MS", 3, 128, 0.25, 0.5, 1.0, 0.6201)],
        };
        var path = dir.Sub("r.json");
        RepresentationStudyFiles.Write(path, result);
        var back = RepresentationStudyFiles.Read(path)!;
        Assert.Equal(result.Scores, back.Scores);
        var md = RepresentationStudyFiles.Markdown(back);
        Assert.Contains("| 4 conv | 50.00% (87.44%) | – |", md);
        Assert.Contains("| 3 conv | – | 25.00% (62.01%) |", md);
        Assert.Null(RepresentationStudyFiles.Read(dir.Sub("missing.json")));
        File.WriteAllText(path, "{");
        Assert.Throws<InvalidInputException>(() => RepresentationStudyFiles.Read(path));
    }

    [Fact]
    public void OptionsOutOfRangeAreRefused()
    {
        Assert.Throws<InvalidInputException>(() => new RepresentationStudyOptions { Epochs = 0 }.Validate());
        Assert.Throws<InvalidInputException>(() => new RepresentationStudyOptions { PerClass = -1 }.Validate());
        Assert.Throws<InvalidInputException>(() => new RepresentationStudyOptions { ConvLayers = [5] }.Validate());
    }
}
