using CrossModal.Core.Models;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

public class LmsResizeTests
{
    /// <summary>
    /// The web app stretches an I2S LMS with the domain's managed resize, the services with torch's bilinear one: the two
    /// must give the same 44 frames from the same 34, or the page would send RenderAudio another sound than the CLI renders.
    /// </summary>
    [Fact]
    public void The_domains_managed_resize_equals_torchs_bilinear_one()
    {
        const int bands = 128, frames = 34, wanted = 44;
        var rng = new Random(5);
        var values = Enumerable.Range(0, bands * frames).Select(_ => (float)(rng.NextDouble() * 100 - 90)).ToArray();
        using var scope = NewDisposeScope();
        var torchResized = LmsNormalisation.ResizeFrames(tensor(values, [1, 1, bands, frames]), wanted).data<float>().ToArray();
        var managed = LmsFrames.Resize(values, bands, frames, wanted);
        Assert.Equal(bands * wanted, managed.Length);
        for (int i = 0; i < managed.Length; i++) Assert.Equal(torchResized[i], managed[i], 1e-3f);
        // And a shrink, the direction training takes (44 -> 34).
        var back = LmsFrames.Resize(managed, bands, wanted, frames);
        var torchBack = LmsNormalisation.ResizeFrames(tensor(managed, [1, 1, bands, wanted]), frames).data<float>().ToArray();
        for (int i = 0; i < back.Length; i++) Assert.Equal(torchBack[i], back[i], 1e-3f);
    }
}
