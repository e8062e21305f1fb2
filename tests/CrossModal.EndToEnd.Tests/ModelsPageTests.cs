using System.Text.Json;
using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class ModelsPageTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    /// <summary>The table lists exactly the generator's store (the workspace's copy of models/starter), with each manifest's epoch.</summary>
    [Fact]
    public Task ListsEveryModelOfTheStoreWithItsEpoch() => WithPageAsync(async page =>
    {
        var manifests = Directory.GetDirectories(Fixture.Workspace.Models)
            .Select(d => Path.Combine(d, "manifest.json")).Where(File.Exists)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("epoch").GetInt32());
        Assert.Contains("s2i-c", manifests.Keys);

        await GotoReadyAsync(page, "/models");
        var ids = TestId(page, "model-id");
        await Assertions.Expect(ids).ToHaveCountAsync(manifests.Count);
        var rows = page.Locator("[data-testid='models-table'] tbody tr");
        for (int i = 0; i < manifests.Count; i++)
        {
            var row = rows.Nth(i);
            var id = (await TestId(row, "model-id").TextContentAsync())!.Trim();
            Assert.True(manifests.ContainsKey(id), $"the page lists '{id}', which the store does not hold");
            Assert.Equal(manifests[id].ToString(), (await TestId(row, "model-epoch").TextContentAsync())!.Trim());
        }
        await Assertions.Expect(TestId(page, "model-metric").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "models");
    });
}
