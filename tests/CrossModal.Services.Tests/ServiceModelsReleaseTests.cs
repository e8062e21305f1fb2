using CrossModal.Core.Runtime;
using CrossModal.ModelServing;

namespace CrossModal.Services.Tests;

/// <summary>
/// A store that is a link to a release folder (the Kubernetes training Job's layout): the service serves the release
/// the link points to, and the next one from the first request after the link is swapped (docs/DEPLOY.md).
/// </summary>
public sealed class ServiceModelsReleaseTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("crossmodal-releases-").FullName;
    string Store => Path.Combine(root, "store");

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Release(string name) => Directory.CreateDirectory(Path.Combine(root, "releases", name)).FullName;

    ServiceModels Open() =>
        new(new ServicePaths(new CrossModalOptions { Models = Store, Data = root }, root), DevicePlacement.Cpu);

    /// <summary>As the Job's promote step does it: a new link beside the store, renamed over it (`mv -T`: .NET's File.Move refuses a link to a folder).</summary>
    void PointStoreAt(string release)
    {
        var next = Path.Combine(root, ".store.next");
        File.CreateSymbolicLink(next, Path.Combine("releases", release));
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", next, Store])!;
        mv.WaitForExit();
        Assert.Equal(0, mv.ExitCode);
    }

    [Fact]
    public void The_set_follows_the_store_link_to_each_promoted_release()
    {
        var first = Release("a");
        var second = Release("b");
        PointStoreAt("a");
        using var models = Open();

        var served = models.Set;
        Assert.Equal(first, served.Root);
        Assert.Same(served, models.Set);    // opened once per release, not per request

        PointStoreAt("b");
        Assert.Equal(second, models.Set.Root);
        Assert.NotSame(served, models.Set);

        // The link gone for an instant (a plain store folder being turned into a release): the open set stays.
        File.Delete(Store);
        Assert.Equal(second, models.Set.Root);
    }

    [Fact]
    public void A_plain_store_folder_is_served_as_it_is()
    {
        Directory.CreateDirectory(Store);
        using var models = Open();
        Assert.Equal(Store, models.Set.Root);
        Assert.Same(models.Set, models.Set);
    }
}
