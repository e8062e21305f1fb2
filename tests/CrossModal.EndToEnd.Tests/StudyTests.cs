using System.Text.RegularExpressions;
using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class StudyTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    static readonly string[] Methods = ["S2I-C", "S2I-N", "S2I-A", "GT"];
    const string CsvHeader = "rater_id,rater_label,rater_excluded,rater_failed_gold,set_id,set_kind,instrument,sample,image_id,method,gold_role,score,rated_utc,set_seconds";

    /// <summary>
    /// The researcher signs in, creates a study on the tiny dataset's two instruments (one regular set each, one gold
    /// set, the paper's four methods), makes a rater link; a rater on a phone scores every image of every set; the
    /// researcher sees the Fig. 8 histogram and exports a CSV holding exactly the scores the rater gave.
    /// </summary>
    [Fact]
    public async Task ResearcherCreatesAStudyRaterRatesEverySetOnAPhoneResultsAndCsvAgree()
    {
        string link = "";
        string studyUrl = "";
        var given = new Dictionary<string, int>();   // image id (32 hex digits) → the score the rater chose
        int regularRatings = 0;

        await WithPageAsync(async admin =>
        {
            await SignInAfterAWrongPasswordAsync(admin, "/admin/studies/new");
            studyUrl = await CreateTinyStudyAsync(admin, "End-to-end study", screenshot: true);

            await admin.Locator(".mud-tab").Filter(new LocatorFilterOptions { HasText = "Raters" }).ClickAsync();
            await FillFieldAsync(admin, "raters-count", "1");
            await TestId(admin, "raters-create").ClickAsync();
            var code = admin.Locator("[data-testid^='rater-link-']").First;
            await Assertions.Expect(code).ToHaveTextAsync(new Regex(@"/rate/\S{16,}$"));
            link = (await code.TextContentAsync())!.Trim();
            Assert.StartsWith(Fixture.WebAddress, link);
        });

        await WithPageAsync(async rater =>
        {
            await GotoReadyAsync(rater, link);
            await Assertions.Expect(TestId(rater, "rate-instructions")).ToContainTextAsync("You will see 3 sets");
            await Assertions.Expect(rater.GetByText("realistic", new PageGetByTextOptions { Exact = false }).First).ToBeVisibleAsync();
            await Screenshots.SaveAsync(rater, "rate-instructions-phone");
            await TestId(rater, "rate-start").ClickAsync();
            for (int set = 0; set < 3; set++)
            {
                await Assertions.Expect(TestId(rater, "rate-progress")).ToContainTextAsync($"Set {set + 1} of 3");
                var view = TestId(rater, "rating-set");
                var setId = await view.GetAttributeAsync("data-set-id");
                var instrument = (await TestId(rater, "set-instrument").TextContentAsync())!;
                Assert.Matches("Instrument: (double bass|tuba)", instrument);
                int images = await rater.Locator("[data-testid^='rate-image-'][data-testid$='-img']").CountAsync();
                Assert.InRange(images, 3, 4);
                for (int i = 0; i < images; i++)
                {
                    var img = TestId(rater, $"rate-image-{i}-img");
                    // The image really loads on the phone, and its address names nothing but an opaque id.
                    await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
                    Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 0);
                    var id = Regex.Match((await img.GetAttributeAsync("src"))!, "/images/([0-9a-f]{32})$").Groups[1].Value;
                    Assert.NotEmpty(id);
                    int score = (set + i) % 4;
                    given[id] = score;
                    await TestId(rater, $"score-{i}-{score}").ClickAsync();
                    await Assertions.Expect(TestId(rater, $"score-{i}-{score}")).ToHaveAttributeAsync("aria-checked", "true");
                }
                if (set == 0) await Screenshots.SaveAsync(rater, "rate-phone");
                await Assertions.Expect(TestId(rater, "set-scored-count")).ToHaveTextAsync($"{images} of {images} scored");
                await TestId(rater, "rate-submit").ClickAsync();
                // Wait for the next set (or the end) before reading the page again.
                if (set < 2) await Assertions.Expect(TestId(rater, "rating-set")).Not.ToHaveAttributeAsync("data-set-id", setId!);
            }
            await Assertions.Expect(TestId(rater, "rate-done")).ToContainTextAsync("All 3 sets are rated");
            // Coming back to the link cannot rate a set again.
            await GotoReadyAsync(rater, link);
            await Assertions.Expect(TestId(rater, "rate-done")).ToBeVisibleAsync();
            await Assertions.Expect(TestId(rater, "rating-set")).ToHaveCountAsync(0);
        }, Phone);

        await WithPageAsync(async admin =>
        {
            await SignInAfterAWrongPasswordAsync(admin, new Uri(studyUrl).PathAndQuery);
            var download = await admin.RunAndWaitForDownloadAsync(() => TestId(admin, "study-export-csv").ClickAsync());
            var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
            Assert.Equal(CsvHeader, csv[0]);
            var rows = csv.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            Assert.Equal(given.Count, rows.Count);
            foreach (var row in rows)
            {
                Assert.Equal(given[row[8]], int.Parse(row[11]));   // the score the rater gave that very image
                Assert.Matches("^(double_bass|tuba)$", row[6]);
            }
            var regular = rows.Where(r => r[5] == "regular").ToList();
            regularRatings = regular.Count;
            Assert.Equal(8, regularRatings);
            Assert.Equal(Methods.Order(), regular.Select(r => r[9]).Distinct().Order());
            Assert.Equal(["gold", "regular"], rows.Select(r => r[5]).Distinct().Order());
            Assert.Contains(rows, r => r[10] == "Broken");

            // Results: the histogram of each method counts exactly the regular ratings of the CSV.
            await Assertions.Expect(TestId(admin, "results-counts")).ToContainTextAsync($"{regularRatings} ratings from 1 rater(s)");
            await Assertions.Expect(TestId(admin, "results-histogram").Locator("svg").First).ToBeVisibleAsync();
            foreach (var method in Methods)
            {
                var cells = TestId(admin, $"results-histogram-{method}").Locator("td");
                for (int s = 0; s < 4; s++)
                {
                    int expected = regular.Count(r => r[9] == method && r[11] == s.ToString());
                    await Assertions.Expect(cells.Nth(1 + s)).ToHaveTextAsync(new Regex($@"^{expected} \("));
                }
            }
            await Screenshots.SaveAsync(admin, "study-results");
        });
    }

    /// <summary>
    /// On the new-study page (signed in): a study of the tiny dataset's two instruments, one regular set each, one gold
    /// set, the paper's four methods, seed 5; waits until it is generated and open and returns its page's URL.
    /// </summary>
    async Task<string> CreateTinyStudyAsync(IPage admin, string name, bool screenshot = false)
    {
        await FillFieldAsync(admin, "study-name", name);
        foreach (var instrument in CrossModal.Domain.Instruments.All)
        {
            var box = Input(admin, $"study-instrument-{instrument}");
            bool wanted = Workspace.Instruments.Contains(instrument);
            if (await box.IsCheckedAsync() != wanted) await box.ClickAsync();
        }
        foreach (var method in Methods)
            await Assertions.Expect(Input(admin, $"study-method-{method}")).ToBeCheckedAsync();
        await FillFieldAsync(admin, "study-sets", "1");
        await FillFieldAsync(admin, "study-gold", "1");
        await FillFieldAsync(admin, "study-seed", "5");
        await Assertions.Expect(TestId(admin, "study-summary")).ToContainTextAsync("2 regular sets of 4 images, plus 1 gold sets");
        if (screenshot) await Screenshots.SaveAsync(admin, "study-new");
        await TestId(admin, "study-create").ClickAsync();

        // Generation runs in the background; the page turns into the study's tabs when every image is stored.
        // CI runs every test project at once on 2 cores, where generating the sets has taken over a minute.
        await admin.WaitForURLAsync(new Regex(@"/admin/studies/\d+$"), new() { Timeout = 180_000 });
        await Assertions.Expect(TestId(admin, "study-toggle-open")).ToHaveTextAsync(new Regex("Close study"));
        await Assertions.Expect(TestId(admin, "study-spec")).ToContainTextAsync("2 instrument(s): double bass, tuba");
        return admin.Url;
    }

    /// <summary>
    /// A study posted on a crowd platform: the researcher opens its public link (quota 1, a completion code and URL); a
    /// participant arriving with Prolific's ids agrees to take part, rates every set on a phone and gets the completion
    /// code and the way back; the same participant again lands on the same page; another finds the study full.
    /// </summary>
    [Fact]
    public async Task AParticipantFromThePublicLinkConsentsRatesAndGetsTheCompletionCode()
    {
        string prolific = "";
        await WithPageAsync(async admin =>
        {
            await SignInAsync(admin, "/admin/studies/new");
            await CreateTinyStudyAsync(admin, "Crowd study");
            await admin.Locator(".mud-tab").Filter(new LocatorFilterOptions { HasText = "Raters" }).ClickAsync();
            await FillFieldAsync(admin, "public-link-quota", "1");
            await FillFieldAsync(admin, "public-link-code", "E2E4CODE");
            await FillFieldAsync(admin, "public-link-url", "https://app.prolific.com/submissions/complete?cc=E2E4CODE");
            await TestId(admin, "public-link-open").ClickAsync();
            var code = TestId(admin, "public-link-prolific");
            await Assertions.Expect(code).ToContainTextAsync("PROLIFIC_PID={{%PROLIFIC_PID%}}");
            await Assertions.Expect(TestId(admin, "public-link-panel")).ToContainTextAsync("0 of 1 participants joined");
            prolific = (await code.TextContentAsync())!.Trim();
            Assert.StartsWith(Fixture.WebAddress, prolific);
        });
        // What Prolific does with the placeholders.
        string For(string participant) => prolific.Replace("{{%PROLIFIC_PID%}}", participant)
            .Replace("{{%STUDY_ID%}}", "study42").Replace("{{%SESSION_ID%}}", "session-" + participant);

        string ratePage = "";
        await WithPageAsync(async participant =>
        {
            await GotoReadyAsync(participant, For("participant-one"));
            await participant.WaitForURLAsync(new Regex(@"/rate/[A-Za-z0-9_-]{22}$"));
            ratePage = participant.Url;
            await Assertions.Expect(TestId(participant, "rate-consent")).ToContainTextAsync("participant id");
            await TestId(participant, "rate-consent-agree").ClickAsync();
            await TestId(participant, "rate-start").ClickAsync();
            // One practice set with feedback, not counted among the 3.
            await Assertions.Expect(TestId(participant, "practice-intro")).ToBeVisibleAsync();
            int practiceImages = await participant.Locator("[data-testid^='rate-image-'][data-testid$='-img']").CountAsync();
            for (int i = 0; i < practiceImages; i++) await TestId(participant, $"score-{i}-2").ClickAsync();
            await TestId(participant, "rate-submit").ClickAsync();
            await Assertions.Expect(participant.Locator("[data-testid^='practice-verdict-']")).ToHaveCountAsync(practiceImages);
            await Screenshots.SaveAsync(participant, "rate-practice-feedback-phone");
            await TestId(participant, "practice-continue").ClickAsync();
            for (int set = 0; set < 3; set++)
            {
                await Assertions.Expect(TestId(participant, "rate-progress")).ToContainTextAsync($"Set {set + 1} of 3");
                var setId = await TestId(participant, "rating-set").GetAttributeAsync("data-set-id");
                int images = await participant.Locator("[data-testid^='rate-image-'][data-testid$='-img']").CountAsync();
                for (int i = 0; i < images; i++) await TestId(participant, $"score-{i}-{(i + set) % 4}").ClickAsync();
                await TestId(participant, "rate-submit").ClickAsync();
                if (set < 2) await Assertions.Expect(TestId(participant, "rating-set")).Not.ToHaveAttributeAsync("data-set-id", setId!);
            }
            await Assertions.Expect(TestId(participant, "rate-completion-code")).ToHaveTextAsync("E2E4CODE");
            await Assertions.Expect(TestId(participant, "rate-completion-link")).ToHaveAttributeAsync("href", "https://app.prolific.com/submissions/complete?cc=E2E4CODE");
            await Screenshots.SaveAsync(participant, "rate-completion-phone");
        }, Phone);

        await WithPageAsync(async again =>
        {
            // The same participant (another device): their own page, already done. Someone else: the study is full.
            await GotoReadyAsync(again, For("participant-one"));
            await again.WaitForURLAsync(ratePage);
            await Assertions.Expect(TestId(again, "rate-done")).ToBeVisibleAsync();
            await GotoReadyAsync(again, For("participant-two"));
            await Assertions.Expect(TestId(again, "join-full")).ToBeVisibleAsync();
        });
    }

    /// <summary>A wrong password is refused with a message and no cookie; the right one leads to the page asked for.</summary>
    async Task SignInAfterAWrongPasswordAsync(IPage page, string target)
    {
        // The login page is static server rendering (a plain form posted to the sign-in endpoint, which sets the
        // cookie): there is no circuit, so no ready marker to wait for, and nothing re-renders the form under the test.
        await page.GotoAsync(target);
        await page.WaitForURLAsync(new Regex("/admin/login"));
        // The same guard as below: if the typed value was lost, the required field blocks the post and the page stays.
        for (var attempt = 1; ; attempt++)
        {
            var wrong = TestId(page, "login-password");
            await wrong.FillAsync("not-the-password");
            await Assertions.Expect(wrong).ToHaveValueAsync("not-the-password");
            await TestId(page, "login-submit").ClickAsync();
            try
            {
                await page.WaitForURLAsync(new Regex("/admin/login\\?error=1"), new() { Timeout = 60_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3 && !page.Url.Contains("error=1")) { }
        }
        await Assertions.Expect(TestId(page, "login-error")).ToHaveTextAsync("Wrong password.");
        await SubmitAdminPasswordAsync(page, target);
    }
}
