using CrossModal.TestSupport;
namespace CrossModal.Cli.Tests;

public sealed class TrainJudgesCommandTests
{
    static void Refused(string expected, params string[] args)
    {
        var r = CliProcess.Run(args);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.StartsWith("error: ", r.StdErr);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains(expected, r.StdErr);
    }

    [Fact]
    public void BadInputExitsWithTwoAndOneLine()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cm-no-dataset-{Guid.NewGuid():N}");
        var output = Path.Combine(Path.GetTempPath(), $"cm-judges-{Guid.NewGuid():N}");
        Refused("does not exist", "train", "judges", "--data", missing, "--out", output);
        Assert.False(Directory.Exists(output));
        Refused("epochs", "train", "judges", "--data", Path.GetTempPath(), "--out", output, "--epochs", "0");
        Refused("pose judge epochs", "train", "judges", "--data", Path.GetTempPath(), "--out", output, "--pose-epochs", "0");
        Refused("'colour' is not one of image, sound, pose", "train", "judges", "--data", Path.GetTempPath(), "--out", output, "--judge", "colour");
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void HelpNamesTheOptions()
    {
        var r = CliProcess.Run("train", "judges", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--data", "--out", "--judge", "--epochs", "--pose-epochs", "--seed", "--threads" }) Assert.Contains(option, r.StdOut);
    }
}
