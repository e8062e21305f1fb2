namespace CrossModal.Core.Tests;

/// <summary>Files of this checkout that tests read (the shipped recipes and starter models), found upwards from the test binaries.</summary>
internal static class Checkout
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the checkout's root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "CrossModal.sln"))) dir = System.IO.Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException($"no CrossModal.sln above {AppContext.BaseDirectory}");
    }
}
