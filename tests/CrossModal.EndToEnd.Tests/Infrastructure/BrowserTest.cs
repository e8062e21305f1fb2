using System.Runtime.CompilerServices;
using System.Text;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Base of every browser test: a fresh browser context per test (no cookies or storage shared between tests),
/// navigation that waits for the app's ready marker, and on failure a screenshot, the page's HTML and its console
/// log under TestResults/e2e/.
/// </summary>
[Collection(EndToEndCollection.Name)]
public abstract class BrowserTest(EndToEndFixture fixture)
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>Longest wait for one step (a generation on the loaded 2-core machine included).</summary>
    protected const float StepTimeoutMs = 60_000;

    protected EndToEndFixture Fixture { get; } = fixture;

    static BrowserTest()
    {
        // Playwright's assertions wait 5 s by default, less than a generation takes on the loaded 2-core machine.
        Assertions.SetDefaultExpectTimeout(StepTimeoutMs);
    }

    public static string ResultsFolder { get; } = Path.Combine(Workspace.RepositoryRoot, "TestResults", "e2e");

    /// <summary>
    /// Runs <paramref name="body"/> on a new page of the fixture's web app (or of <paramref name="webAddress"/>); if it
    /// throws, saves what the page showed, then rethrows.
    /// </summary>
    protected async Task WithPageAsync(Func<IPage, Task> body, ViewportSize? viewport = null, [CallerMemberName] string test = "",
        string? webAddress = null, IBrowser? browser = null)
    {
        await using var context = await (browser ?? Fixture.Browser).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? Desktop, BaseURL = webAddress ?? Fixture.WebAddress, AcceptDownloads = true,
            IsMobile = viewport == Phone, HasTouch = viewport == Phone,
        });
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(StepTimeoutMs);
        var page = await context.NewPageAsync();
        var console = new StringBuilder();
        page.Console += (_, m) => { lock (console) console.AppendLine($"[{m.Type}] {m.Text}"); };
        page.PageError += (_, e) => { lock (console) console.AppendLine($"[pageerror] {e}"); };
        try
        {
            await body(page);
        }
        catch
        {
            await SaveFailureAsync(page, $"{GetType().Name}.{test}", console);
            throw;
        }
    }

    static async Task SaveFailureAsync(IPage page, string name, StringBuilder console)
    {
        try
        {
            Directory.CreateDirectory(ResultsFolder);
            var stem = Path.Combine(ResultsFolder, name);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 10_000 });
            await File.WriteAllTextAsync(stem + ".html", await page.ContentAsync());
            lock (console) File.WriteAllText(stem + ".console.txt", $"url: {page.Url}\n{console}");
        }
        catch (Exception e)
        {
            // The failure itself matters more than its screenshot: never hide it behind this one.
            Console.Error.WriteLine($"e2e: could not save the failure artefacts of {name}: {e.Message}");
        }
    }

    /// <summary>Opens a page and waits until Blazor is interactive (the layout's data-ready marker), so clicks are handled.</summary>
    protected static async Task GotoReadyAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitReadyAsync(page);
    }

    /// <summary>Opens an admin page: the server sends the browser to the sign-in page, which leads back to it.</summary>
    protected static async Task SignInAsync(IPage page, string target)
    {
        // The login page is static server rendering (a plain form posted to the sign-in endpoint, which sets the
        // cookie): there is no circuit, so no ready marker to wait for.
        await page.GotoAsync(target);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));
        await SubmitAdminPasswordAsync(page, target);
    }

    /// <summary>On the sign-in page: types the admin password, signs in and waits for the target page to be interactive.</summary>
    protected static async Task SubmitAdminPasswordAsync(IPage page, string target)
    {
        // Under CI load the error page's script can still be settling when the password is typed, and a form it
        // replaces posts an empty password (back to ?error=1; seen once in 2026-12 CI). Check the value before
        // submitting, and sign in again if the post came back to the error page.
        for (var attempt = 1; ; attempt++)
        {
            var password = TestId(page, "login-password");
            await password.FillAsync(EndToEndFixture.AdminPassword);
            await Assertions.Expect(password).ToHaveValueAsync(EndToEndFixture.AdminPassword);
            await TestId(page, "login-submit").ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == target, new() { Timeout = 60_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3 && page.Url.Contains("error=1"))
            {
                // Back on the error page: sign in again.
            }
        }
        await WaitReadyAsync(page);
    }

    protected static Task WaitReadyAsync(IPage page) =>
        page.Locator("[data-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    protected static ILocator TestId(IPage page, string id) => page.Locator($"[data-testid='{id}']");

    protected static ILocator TestId(ILocator scope, string id) => scope.Locator($"[data-testid='{id}']");

    /// <summary>
    /// Chooses a file in a FileDropZone. MudFileUpload keeps its file input hidden and adds a fresh one after each
    /// selection, so the last is the live one, and Playwright sets files on it directly. Blazor's InputFile listens for
    /// the input's change only once its JS init has run, in the component's own first interactive render, which on the
    /// loaded machine can come after the layout's ready marker; a file set before that is silently lost, so wait for
    /// the init's mark on the element first.
    /// </summary>
    protected static async Task UploadAsync(IPage page, string testId, string path) =>
        await (await InitialisedFileInputAsync(page, testId)).SetInputFilesAsync(path);

    protected static async Task UploadAsync(IPage page, string testId, FilePayload file) =>
        await (await InitialisedFileInputAsync(page, testId)).SetInputFilesAsync(file);

    static async Task<ILocator> InitialisedFileInputAsync(IPage page, string testId)
    {
        var selector = $"[data-testid='{testId}'] input[type=file]";
        await page.WaitForFunctionAsync(
            "sel => { const all = document.querySelectorAll(sel); const last = all[all.length - 1]; return !!last && last._blazorInputFileNextFileId !== undefined; }",
            selector);
        return page.Locator(selector).Last;
    }

    /// <summary>Picks an item of a MudSelect by its text (the list opens in a popover outside the field).</summary>
    protected static async Task SelectAsync(IPage page, string testId, string itemText)
    {
        await page.Locator($"[data-testid='{testId}']").First.ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = itemText }).First;
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>The input of a MudBlazor field or checkbox (the data-testid sits on the input or on its wrapper).</summary>
    protected static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>Fills a MudBlazor text or numeric field.</summary>
    protected static async Task FillFieldAsync(IPage page, string testId, string value)
    {
        var input = Input(page, testId);
        await input.FillAsync(value);
        await input.PressAsync("Tab");   // MudBlazor binds on change
    }
}
