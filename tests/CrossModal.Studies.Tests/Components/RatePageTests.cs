using Bunit;
using CrossModal.Studies.Components;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Pages.Rate;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CrossModal.Studies.Tests.Components;

public sealed class RatePageTests : StudiesBunitContext
{
    [Fact]
    public void The_rubric_shows_the_papers_four_levels_and_the_instrument()
    {
        var cut = Render<RubricPanel>(p => p.Add(x => x.Instrument, "double_bass"));
        Assert.Contains("double bass", cut.Find("[data-testid=rubric-instrument]").TextContent);
        foreach (var level in Rubric.Levels)
        {
            var row = cut.Find($"[data-testid=rubric-level-{level.Score}]").TextContent;
            Assert.Contains(level.Score.ToString(), row);
            Assert.Contains(level.Description, row);
        }
        Assert.Contains("realistic and the instrument matches", cut.Find("[data-testid=rubric-level-3]").TextContent);
        Assert.Contains("unrealistic", cut.Find("[data-testid=rubric-level-0]").TextContent);
    }

    [Fact]
    public void A_set_can_be_submitted_only_when_every_image_has_a_score()
    {
        var set = new RaterSet(Guid.NewGuid(), "cello", [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()]);
        SetSubmission? sent = null;
        var cut = Render<RatingSetView>(p => p.Add(x => x.Set, set).Add(x => x.Token, "tok")
            .Add(x => x.OnSubmit, (SetSubmission s) => sent = s));

        Assert.Contains("cello", cut.Find("[data-testid=set-instrument]").TextContent);
        Assert.Equal(3, cut.FindAll("img[data-testid$=-img]").Count);
        // Image URLs carry the token and the opaque id only.
        Assert.Equal($"rate/tok/images/{set.Images[0]:N}", cut.Find("[data-testid=rate-image-0-img]").GetAttribute("src"));
        Assert.True(cut.Find("[data-testid=rate-submit]").HasAttribute("disabled"));

        cut.Find("[data-testid=score-0-3]").Click();
        cut.Find("[data-testid=score-1-0]").Click();
        cut.Find("[data-testid=score-1-2]").Click(); // changed mind
        Assert.True(cut.Find("[data-testid=rate-submit]").HasAttribute("disabled"));
        Assert.Contains("2 of 3", cut.Find("[data-testid=set-scored-count]").TextContent);
        Assert.Equal("true", cut.Find("[data-testid=score-1-2]").GetAttribute("aria-checked"));
        Assert.Equal("false", cut.Find("[data-testid=score-1-0]").GetAttribute("aria-checked"));

        cut.Find("[data-testid=score-2-1]").Click();
        Assert.False(cut.Find("[data-testid=rate-submit]").HasAttribute("disabled"));
        cut.Find("[data-testid=rate-submit]").Click();
        Assert.NotNull(sent);
        var submitted = sent.Scores;
        // The time since the set appeared, measured on the server side of the page.
        Assert.InRange(sent.Seconds, 0, 60);
        Assert.Equal(3, submitted[set.Images[0]]);
        Assert.Equal(2, submitted[set.Images[1]]);
        Assert.Equal(1, submitted[set.Images[2]]);
    }

    [Fact]
    public async Task A_participant_from_the_public_link_agrees_first_and_ends_with_the_platforms_completion_code()
    {
        var id = await F.CreateOpenStudyAsync(instruments: ["cello"], sets: 1, gold: 0);
        var link = await F.Admin.OpenPublicLinkAsync(id, new PublicLinkSpec { Quota = 3, CompletionCode = "XYZ789", CompletionUrl = "https://app.prolific.com/submissions/complete?cc=XYZ789" });
        var token = (await new ParticipantJoin(F.Db).JoinAsync(link, new PlatformIds("p1", null, null))).Token!;

        var cut = Render<RatePage>(p => p.Add(x => x.Token, token));
        cut.WaitForElement("[data-testid=rate-consent]");
        Assert.Empty(cut.FindAll("[data-testid=rate-start]"));
        cut.Find("[data-testid=rate-consent-agree]").Click();
        cut.WaitForElement("[data-testid=rate-start]").Click();

        // The practice set first: the broken image scored 3 is marked wrong, with what the scale asks for.
        cut.WaitForElement("[data-testid=practice-intro]");
        var practice = (await F.Ratings.GetStateAsync(token))!.Practice!;
        for (int i = 0; i < practice.Images.Count; i++) cut.Find($"[data-testid=score-{i}-3]").Click();
        cut.Find("[data-testid=rate-submit]").Click();
        cut.WaitForElement("[data-testid=practice-feedback]");
        Assert.Contains(cut.FindAll("[data-testid^=practice-verdict-]"), v => v.GetAttribute("data-right") == "false" && v.TextContent.Contains("0–1"));
        cut.Find("[data-testid=practice-continue]").Click();
        Assert.Null((await F.Ratings.GetStateAsync(token))!.Practice);

        var set = (await F.Ratings.GetStateAsync(token))!.Next!;
        for (int i = 0; i < set.Images.Count; i++) cut.Find($"[data-testid=score-{i}-2]").Click();
        cut.Find("[data-testid=rate-submit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("XYZ789", cut.Find("[data-testid=rate-completion-code]").TextContent));
        Assert.Equal("https://app.prolific.com/submissions/complete?cc=XYZ789", cut.Find("[data-testid=rate-completion-link]").GetAttribute("href"));
        // The set's time was measured by the page and stored with every score of it.
        await using var ctx = F.Db.Create();
        var seconds = await ctx.Ratings.Where(r => r.Rater!.Token == token).Select(r => r.SetSeconds).ToListAsync();
        Assert.Equal(set.Images.Count, seconds.Count);
        Assert.All(seconds, t => Assert.InRange(t!.Value, 0, 60));
    }

    [Fact]
    public async Task The_rate_page_walks_a_rater_through_instructions_sets_progress_and_the_end()
    {
        var id = await F.CreateOpenStudyAsync(instruments: ["cello"], sets: 2, gold: 0);
        var token = (await F.RaterTokensAsync(id, 1))[0];
        var cut = Render<RatePage>(p => p.Add(x => x.Token, token));

        cut.WaitForElement("[data-testid=rate-instructions]");
        Assert.NotNull(cut.Find("[data-testid=rubric]"));
        cut.Find("[data-testid=rate-start]").Click();

        for (int set = 1; set <= 2; set++)
        {
            cut.WaitForAssertion(() => Assert.Contains($"Set {set} of 2", cut.Find("[data-testid=rate-progress]").TextContent));
            Assert.Contains("cello", cut.Find("[data-testid=set-instrument]").TextContent);
            for (int i = 0; i < 4; i++) cut.Find($"[data-testid=score-{i}-{i % 4}]").Click();
            cut.Find("[data-testid=rate-submit]").Click();
        }
        cut.WaitForElement("[data-testid=rate-done]");
        await using var ctx = F.Db.Create();
        Assert.Equal(8, await ctx.Ratings.CountAsync());
        // Nothing on the page names a method.
        foreach (var method in StudyMethods.All.Append(StudyMethods.Broken))
            Assert.DoesNotContain(method, cut.Markup);
    }

    [Fact]
    public async Task A_returning_rater_is_welcomed_back_with_their_progress()
    {
        var id = await F.CreateOpenStudyAsync(instruments: ["cello"], sets: 3, gold: 0);
        var token = (await F.RaterTokensAsync(id, 1))[0];
        var set = (await F.Ratings.GetStateAsync(token))!.Next!;
        await F.Ratings.SubmitSetAsync(token, set.SetId, set.Images.ToDictionary(i => i, _ => 1));

        var cut = Render<RatePage>(p => p.Add(x => x.Token, token));
        cut.WaitForElement("[data-testid=rate-resume]");
        Assert.Contains("1 of 3", cut.Find("[data-testid=rate-resume]").TextContent);
        Assert.Equal("Continue", cut.Find("[data-testid=rate-start]").TextContent.Trim());
        cut.Find("[data-testid=rate-start]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Set 2 of 3", cut.Find("[data-testid=rate-progress]").TextContent));
        Assert.NotEqual(set.SetId.ToString(), cut.Find("[data-testid=rating-set]").GetAttribute("data-set-id"));
    }

    [Fact]
    public void An_unknown_link_says_so()
    {
        var cut = Render<RatePage>(p => p.Add(x => x.Token, "AAAAAAAAAAAAAAAAAAAAAA"));
        cut.WaitForElement("[data-testid=rate-invalid]");
    }
}
