namespace CrossModal.Cli.Tests;

public class CliBasicsTests
{
    [Fact]
    public void HelpListsTheCommandGroups()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("dataset", r.StdOut);
        Assert.Contains("features", r.StdOut);
    }

    [Fact]
    public void UnknownCommandFailsWithNonZeroExit()
    {
        var r = CliRunner.Run("no-such-command");
        Assert.NotEqual(0, r.ExitCode);
    }
}
