using Bunit;
using CrossModal.Studies.Components;
using CrossModal.Studies.Data;
using CrossModal.Studies.Hosting;
using CrossModal.Studies.Pages.Admin;
using CrossModal.Studies.Results;
using CrossModal.Studies.Tests.Support;

namespace CrossModal.Studies.Tests.Components;

public sealed class AdminComponentTests : StudiesBunitContext
{
    [Fact]
    public void Admin_pages_show_nothing_but_a_sign_in_prompt_to_anonymous_users()
    {
        AddAuthorization().SetNotAuthorized();
        var list = Render<StudyListPage>();
        list.WaitForElement("[data-testid=admin-login-required]");
        Assert.Empty(list.FindAll("[data-testid=study-new]"));
        Assert.StartsWith("/admin/login?returnUrl=", list.Find("[data-testid=admin-login-link]").GetAttribute("href"));

        var study = Render<StudyPage>(p => p.Add(x => x.Id, 1));
        study.WaitForElement("[data-testid=admin-login-required]");
        Assert.Empty(study.FindAll("[data-testid=study-results]"));
    }

    [Fact]
    public void A_signed_in_user_without_the_admin_role_is_refused_too()
    {
        AddAuthorization().SetAuthorized("someone");
        Render<StudyListPage>().WaitForElement("[data-testid=admin-login-required]");
    }

    [Fact]
    public async Task An_admin_sees_the_study_list_and_the_results_of_a_study()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(AdminAuth.Role);
        var id = await F.CreateOpenStudyAsync(instruments: ["cello"], sets: 2, gold: 0, methods: ["S2I-C", "GT"]);
        var tokens = await F.RaterTokensAsync(id, 2);
        foreach (var t in tokens)
            while ((await F.Ratings.GetStateAsync(t))!.Next is { } set)
                await F.Ratings.SubmitSetAsync(t, set.SetId, set.Images.ToDictionary(i => i, _ => 2));

        var list = Render<StudyListPage>();
        list.WaitForElement($"[data-testid=study-row-{id}]");

        var page = Render<StudyPage>(p => p.Add(x => x.Id, id));
        page.WaitForElement("[data-testid=study-results]");
        Assert.Contains("8 ratings from 2 rater", page.Find("[data-testid=results-counts]").TextContent);
        Assert.Contains("2.00", page.Find("[data-testid=results-mean-S2I-C]").TextContent);
        Assert.NotNull(page.Find("[data-testid=study-export-csv]"));
    }

    [Fact]
    public async Task An_admin_opens_a_public_link_and_gets_the_platforms_link_with_its_placeholders()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(AdminAuth.Role);
        var id = await F.CreateOpenStudyAsync(instruments: ["cello"], sets: 1, gold: 0);

        var study = (await F.Admin.GetAsync(id))!;
        var page = Render<PublicLinkPanel>(p => p.Add(x => x.Study, study));
        page.Find("[data-testid=public-link-open]").Click();
        // Neither a completion code nor a URL: refused, nothing opened.
        page.WaitForAssertion(() => Assert.Contains("completion code", page.Find("[data-testid=public-link-error]").TextContent));
        Assert.Null((await F.Admin.GetAsync(id))!.PublicLink);

        page.Find("[data-testid=public-link-code]").Change("ABC123");
        page.Find("[data-testid=public-link-open]").Click();
        var link = await Eventually(async () => (await F.Admin.GetAsync(id))!.PublicLink);
        var opened = (await F.Admin.GetAsync(id))!;
        var rendered = Render<PublicLinkPanel>(p => p.Add(x => x.Study, opened));
        rendered.WaitForAssertion(() => Assert.EndsWith($"join/{link}?PROLIFIC_PID={{{{%PROLIFIC_PID%}}}}&STUDY_ID={{{{%STUDY_ID%}}}}&SESSION_ID={{{{%SESSION_ID%}}}}",
            rendered.Find("[data-testid=public-link-prolific]").TextContent));
        Assert.Contains("0 of 50 participants joined", rendered.Find("[data-testid=public-link-panel]").TextContent);
    }

    static async Task<T> Eventually<T>(Func<Task<T?>> read) where T : class
    {
        for (int i = 0; i < 100; i++)
        {
            if (await read() is { } value) return value;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("the value never appeared");
    }

    [Fact]
    public void The_results_histogram_shows_each_methods_score_counts_and_a_bar_chart()
    {
        var results = new StudyResults(
            [new MethodResult("S2I-C", [1, 2, 3, 4], MeanInterval.Of([0, 1, 1, 2, 2, 2, 3, 3, 3, 3])),
             new MethodResult("GT", [0, 0, 2, 8], MeanInterval.Of([2, 2, 3, 3, 3, 3, 3, 3, 3, 3]))],
            [new InstrumentResult("cello", new Dictionary<string, MeanInterval?> { ["S2I-C"] = MeanInterval.Of([2]), ["GT"] = null })],
            0.42, 10, 20, 2, []);
        var cut = Render<ResultsView>(p => p.Add(x => x.Results, results));
        var row = cut.Find("[data-testid=results-histogram-S2I-C]").TextContent;
        Assert.Contains("4 (40 %)", row);
        Assert.Contains("1 (10 %)", row);
        Assert.Contains("8 (80 %)", cut.Find("[data-testid=results-histogram-GT]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=results-histogram] svg"));
        Assert.Contains("2.00", cut.Find("[data-testid=results-mean-S2I-C]").TextContent);
        Assert.Contains("0.420", cut.Find("[data-testid=results-alpha]").TextContent);
        Assert.Contains("–", cut.Find("[data-testid=results-instrument-cello]").TextContent);
    }

    [Fact]
    public void The_login_page_posts_the_password_to_the_login_endpoint()
    {
        var cut = Render<LoginPage>();
        var form = cut.Find("[data-testid=login-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(AdminAuth.LoginEndpoint, form.GetAttribute("action"));
        Assert.Equal("password", cut.Find("[data-testid=login-password]").GetAttribute("type"));
    }
}
