using System.Security.Cryptography;
using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class TrainingTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// A sound-classifier run on the tiny dataset the fixture made under the services' data root, asked for 1,000 epochs
    /// so that it cannot finish (and replace the store's model) before the test cancels it.
    /// </summary>
    [Fact]
    public Task StartWatchTheChartsMoveThenCancel() => WithPageAsync(async page =>
    {
        var manifest = Path.Combine(Fixture.Workspace.Models, "sound-encoder", "manifest.json");
        var before = SHA256.HashData(File.ReadAllBytes(manifest));

        // Training replaces stored models: admins only.
        await SignInAsync(page, "/training");
        await SelectAsync(page, "training-kind", "Sound classifier (encoder)");
        await FillFieldAsync(page, "training-dataset", Workspace.Dataset);
        await FillFieldAsync(page, "training-epochs", "1000");
        await FillFieldAsync(page, "training-batch", "4");
        await FillFieldAsync(page, "training-max-per-class", "0");
        await TestId(page, "training-start").ClickAsync();

        await Assertions.Expect(TestId(page, "training-run")).ToBeVisibleAsync();
        var chart = TestId(page, "loss-chart");
        // The chart moves: epochs keep arriving while the test watches, and the line is drawn.
        var first = await WaitForEpochsAsync(chart, atLeast: 2);
        await WaitForEpochsAsync(chart, atLeast: first + 1);
        await Assertions.Expect(chart.Locator("svg path").First).ToBeAttachedAsync();
        await Assertions.Expect(TestId(page, "accuracy-chart").Locator("svg").First).ToBeAttachedAsync();
        await Assertions.Expect(TestId(page, "training-state")).ToHaveAttributeAsync("data-state", "running");
        await Screenshots.SaveAsync(page, "training");

        await TestId(page, "training-cancel").ClickAsync();
        await Assertions.Expect(TestId(page, "training-state")).ToHaveAttributeAsync("data-state", "cancelled");
        await Assertions.Expect(TestId(page, "training-cancel")).ToHaveCountAsync(0);
        // A cancelled run leaves the store as it was.
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(manifest)));
    });

    static async Task<int> WaitForEpochsAsync(ILocator chart, int atLeast)
    {
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-epochs", new System.Text.RegularExpressions.Regex(@"^\d+$"));
        var deadline = DateTime.UtcNow.AddMilliseconds(StepTimeoutMs);
        while (true)
        {
            var epochs = int.Parse((await chart.GetAttributeAsync("data-epochs"))!);
            if (epochs >= atLeast) return epochs;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the loss chart shows {epochs} epoch(s); expected at least {atLeast}.");
            await Task.Delay(200);
        }
    }
}
