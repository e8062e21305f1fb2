using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public class CliBasicsTests
{
    [Fact]
    public void HelpListsTheCommandGroups()
    {
        var r = CliProcess.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("dataset", r.StdOut);
        Assert.Contains("features", r.StdOut);
    }

    [Fact]
    public void UnknownCommandFailsWithNonZeroExit()
    {
        var r = CliProcess.Run("no-such-command");
        Assert.NotEqual(0, r.ExitCode);
    }
}
