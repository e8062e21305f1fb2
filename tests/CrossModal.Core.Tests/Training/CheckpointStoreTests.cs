using CrossModal.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class CheckpointStoreTests
{
    private static (Linear Model, OptimizerHelper Opt) Tiny(float fill)
    {
        var m = nn.Linear(3, 2);
        using (no_grad()) foreach (var p in m.parameters()) p.fill_(fill);
        return (m, optim.Adam(m.parameters()));
    }

    private static Dictionary<string, nn.Module> M(nn.Module m) => new() { ["model"] = m };
    private static Dictionary<string, OptimizerHelper> O(OptimizerHelper o) => new() { ["model"] = o };

    [Fact]
    public void CrashMidSaveLeavesPreviousCheckpointIntact()
    {
        using var tmp = new TempDir();
        var store = new CheckpointStore(tmp.Path);
        var (m1, o1) = Tiny(1f);
        store.Save(1, "run", M(m1), O(o1));
        var (m2, o2) = Tiny(2f);
        store.BeforeCommit = _ => throw new IOException("simulated crash");
        Assert.Throws<IOException>(() => store.Save(2, "run", M(m2), O(o2)));

        var latest = store.Latest();
        Assert.NotNull(latest);
        Assert.Equal(1, latest!.Epoch);
        var (m3, o3) = Tiny(0f);
        store.Load(latest, M(m3), O(o3));
        Assert.Equal(1f, m3.weight![0, 0].item<float>());
        Assert.Single(Directory.GetDirectories(tmp.Path));
    }

    [Fact]
    public void PartialAndCorruptFoldersAreNeverTakenForCheckpoints()
    {
        using var tmp = new TempDir();
        var store = new CheckpointStore(tmp.Path, keep: 5);
        var (m, o) = Tiny(1f);
        store.Save(1, "run", M(m), O(o));
        store.Save(2, "run", M(m), O(o));
        // A process killed mid-save leaves a hidden temporary folder behind.
        var partial = Path.Combine(tmp.Path, ".epoch-000003.tmp-dead");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "model.weights"), "half");
        Assert.Equal(2, store.Latest()!.Epoch);
        // A truncated weights file in the newest checkpoint fails its hash: the one before is used.
        var weights = Path.Combine(tmp.Path, "epoch-000002", "model.weights");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..10]);
        Assert.Equal(1, store.Latest()!.Epoch);
        File.Delete(Path.Combine(tmp.Path, "epoch-000001", "state.json"));
        Assert.Null(store.Latest());
    }

    [Fact]
    public void KeepsOnlyTheNewestCheckpointsAndRemovesLeftovers()
    {
        using var tmp = new TempDir();
        var store = new CheckpointStore(tmp.Path, keep: 2);
        var (m, o) = Tiny(1f);
        Directory.CreateDirectory(Path.Combine(tmp.Path, ".epoch-000009.tmp-old"));
        for (var e = 1; e <= 4; e++) store.Save(e, "run", M(m), O(o));
        Assert.Equal(["epoch-000003", "epoch-000004"], Directory.GetDirectories(tmp.Path).Select(Path.GetFileName).Order());
    }
}
