using CrossModal.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CrossModal.EndToEnd.Tests;

public class ServiceOutageTests(EndToEndFixture fixture, ITestOutputHelper output) : BrowserTest(fixture)
{
    /// <summary>
    /// How many times a visitor may have to press Retry after the service is back. gRPC's channel waits before
    /// reconnecting to an address that refused it (exponential back-off, 1 s growing by 1.6x), so a Retry pressed
    /// within a few seconds of the restart can still find the channel waiting; a later press succeeds. The number of
    /// presses is written to the test output.
    /// </summary>
    const int MaxRetryPresses = 5;

    /// <summary>
    /// The generator goes away mid-session (its host stopped, its port closed), the page says which service is out of
    /// reach and keeps what the visitor chose; the generator comes back on the same port and Retry finishes the job.
    /// </summary>
    [Fact]
    public Task GeneratorStoppedMidSessionShowsWhoIsDownAndRecoversOnRetry() => WithPageAsync(async page =>
    {
        var generator = Fixture.Services.Generator;
        try
        {
            await GotoReadyAsync(page, "/sound-to-image");
            var wav = Fixture.Workspace.ValidationWav("double_bass", 1);
            await UploadAsync(page, "s2i-upload", wav);
            await FillFieldAsync(page, "count-input", "2");
            await FillFieldAsync(page, "seed-input", "7");

            await generator.StopAsync();
            await TestId(page, "generate-button").ClickAsync();
            var alert = TestId(page, "error-alert");
            await Assertions.Expect(alert).ToHaveAttributeAsync("data-service", "generator");
            await Assertions.Expect(alert).ToHaveAttributeAsync("data-code", "Unavailable");
            await Assertions.Expect(TestId(alert, "error-title")).ToHaveTextAsync("The generator service is not reachable");
            await Assertions.Expect(TestId(page, "gallery")).ToHaveCountAsync(0);
            // Nothing the visitor chose is lost.
            await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync(Path.GetFileName(wav));
            await Assertions.Expect(Input(page, "count-input")).ToHaveValueAsync("2");
            await Assertions.Expect(Input(page, "seed-input")).ToHaveValueAsync("7");

            await generator.StartAsync();
            int presses = 0;
            while (true)
            {
                presses++;
                await TestId(alert, "retry-button").ClickAsync();
                // The alert goes while the call runs; then either the result or the alert again.
                await Assertions.Expect(alert).ToHaveCountAsync(0);
                await Assertions.Expect(page.Locator("[data-testid='result-title'], [data-testid='error-alert']").First).ToBeVisibleAsync();
                if (await TestId(page, "result-title").CountAsync() > 0) break;
                await Assertions.Expect(alert).ToHaveAttributeAsync("data-code", "Unavailable");
                Assert.True(presses < MaxRetryPresses, $"the generator is back but {presses} presses of Retry all failed");
                await Task.Delay(2000);
            }
            output.WriteLine($"Retry presses until the generator answered: {presses}");
            await Assertions.Expect(TestId(page, "error-alert")).ToHaveCountAsync(0);
            await Assertions.Expect(TestId(page, "result-title")).ToContainTextAsync("2 images by s2i-c-default, seed 7");
            await Assertions.Expect(TestId(page, "gallery-item")).ToHaveCountAsync(2);
            await Assertions.Expect(TestId(page, "gallery-label")).ToHaveTextAsync(["double bass", "double bass"]);
        }
        finally
        {
            // Whatever happened, leave the generator running for the other tests.
            if (!generator.IsRunning) await generator.StartAsync();
        }
    });

    [Fact]
    public Task HomePageListsAStoppedServiceAsUnreachableAndServingOnceBack() => WithPageAsync(async page =>
    {
        var evaluator = Fixture.Services.Evaluator;
        try
        {
            await GotoReadyAsync(page, "/");
            foreach (var service in new[] { "encoder", "generator", "evaluator" })
                await Assertions.Expect(TestId(page, $"status-{service}")).ToHaveAttributeAsync("data-state", "Serving");
            await Screenshots.SaveAsync(page, "home");

            await evaluator.StopAsync();
            await TestId(page, "status-retry").ClickAsync();
            await Assertions.Expect(TestId(page, "status-evaluator")).ToHaveAttributeAsync("data-state", "Unreachable");
            // The probe's short deadline also bounds the clients' retries, so a closed port reads as either of these.
            await Assertions.Expect(TestId(page, "status-evaluator-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("not reachable|no answer within"));
            await Assertions.Expect(TestId(page, "status-advice")).ToBeVisibleAsync();
            await Assertions.Expect(TestId(page, "status-generator")).ToHaveAttributeAsync("data-state", "Serving");

            await evaluator.StartAsync();
            int presses = 0;
            while (true)
            {
                presses++;
                await TestId(page, "status-retry").ClickAsync();
                await Assertions.Expect(TestId(page, "status-evaluator")).Not.ToHaveAttributeAsync("data-state", "Checking");
                if (await TestId(page, "status-evaluator").GetAttributeAsync("data-state") == "Serving") break;
                Assert.True(presses < MaxRetryPresses, $"the evaluator is back but {presses} presses of Check again all failed");
                await Task.Delay(2000);
            }
            output.WriteLine($"Check-again presses until the evaluator answered: {presses}");
            await Assertions.Expect(TestId(page, "status-evaluator")).ToHaveAttributeAsync("data-state", "Serving");
            await Assertions.Expect(TestId(page, "status-advice")).ToHaveCountAsync(0);
        }
        finally
        {
            if (!evaluator.IsRunning) await evaluator.StartAsync();
        }
    });
}
