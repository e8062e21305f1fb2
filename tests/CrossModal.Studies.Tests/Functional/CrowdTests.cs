using System.Net;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// A study posted on a crowd platform: one public link, each participant their own rater token (once per study),
/// consent before rating, balanced sets, the platform's completion code at the end, a quota after which the link
/// says the study is full.
/// </summary>
public sealed class CrowdTests(ITestOutputHelper output) : IDisposable
{
    readonly StudyFixture _f = new();

    public void Dispose() => _f.Dispose();

    static PlatformIds Prolific(string participant) => new(participant, "study-1", $"session-{participant}");

    async Task<(int Study, string Link)> PostedStudyAsync(int quota, int sets = 2)
    {
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello", "violin"], sets: sets, gold: 1);
        var link = await _f.Admin.OpenPublicLinkAsync(id, new PublicLinkSpec { Quota = quota, CompletionCode = "C1A2B3", CompletionUrl = "https://app.prolific.com/submissions/complete?cc=C1A2B3" });
        return (id, link);
    }

    [Fact]
    public async Task Each_participant_gets_one_token_per_study_and_the_link_stops_at_the_quota()
    {
        var (id, link) = await PostedStudyAsync(quota: 2);
        var join = new ParticipantJoin(_f.Db);

        var a = await join.JoinAsync(link, Prolific("p1"));
        var b = await join.JoinAsync(link, Prolific("p2"));
        Assert.Equal((JoinOutcome.Joined, JoinOutcome.Joined), (a.Outcome, b.Outcome));
        Assert.NotEqual(a.Token, b.Token);
        // The same participant again (a reload, a second device): the same token, nothing new stored.
        Assert.Equal(new JoinResult(JoinOutcome.Resumed, a.Token), await join.JoinAsync(link, Prolific("p1")));
        Assert.Equal(JoinOutcome.Full, (await join.JoinAsync(link, Prolific("p3"))).Outcome);

        Assert.Equal(JoinOutcome.NoSuchLink, (await join.JoinAsync(RaterTokens.New(), Prolific("p4"))).Outcome);
        Assert.Equal(JoinOutcome.NoSuchLink, (await join.JoinAsync("../../etc", Prolific("p4"))).Outcome);
        Assert.Equal(JoinOutcome.NoParticipantId, (await join.JoinAsync(link, new PlatformIds(null, "s", "s"))).Outcome);
        Assert.Equal(JoinOutcome.NoParticipantId, (await join.JoinAsync(link, Prolific("<script>"))).Outcome);
        Assert.Equal(JoinOutcome.NoParticipantId, (await join.JoinAsync(link, Prolific(new string('x', 201)))).Outcome);

        await using var ctx = _f.Db.Create();
        var raters = await ctx.Raters.Where(r => r.StudyId == id).ToListAsync();
        Assert.Equal(["p1", "p2"], raters.Select(r => r.ParticipantId).Order());
        Assert.Equal("session-p1", raters.Single(r => r.ParticipantId == "p1").PlatformSessionId);

        // A closed link admits nobody, not even someone who would fit; those who joined keep their tokens.
        await _f.Admin.ClosePublicLinkAsync(id);
        Assert.Equal(JoinOutcome.NoSuchLink, (await join.JoinAsync(link, Prolific("p1"))).Outcome);
        Assert.NotNull((await _f.Ratings.GetStateAsync(a.Token!))!.Next);
    }

    [Fact]
    public async Task A_participant_consents_before_rating_and_gets_the_completion_code_at_the_end()
    {
        var (_, link) = await PostedStudyAsync(quota: 5);
        var join = new ParticipantJoin(_f.Db);
        var token = (await join.JoinAsync(link, Prolific("p1"))).Token!;

        var state = (await _f.Ratings.GetStateAsync(token))!;
        Assert.True(state.NeedsConsent);
        Assert.Equal(SubmitOutcome.ConsentNeeded, await _f.Ratings.SubmitSetAsync(token, state.Next!.SetId, state.Next.Images.ToDictionary(i => i, _ => 2)));

        Assert.True(await join.ConsentAsync(token));
        while ((await _f.Ratings.GetStateAsync(token))!.Next is { } set)
            Assert.Equal(SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(token, set.SetId, set.Images.ToDictionary(i => i, _ => 2)));
        var done = (await _f.Ratings.GetStateAsync(token))!;
        Assert.True(done.Finished);
        Assert.Equal(("C1A2B3", "https://app.prolific.com/submissions/complete?cc=C1A2B3"), (done.CompletionCode, done.CompletionUrl));

        // A hand-made link of the same study is neither asked for consent nor given the platform's code.
        var manual = (await _f.RaterTokensAsync((await _f.Admin.ListAsync()).Single().Id, 1))[0];
        var mine = (await _f.Ratings.GetStateAsync(manual))!;
        Assert.Equal((false, null, null), (mine.NeedsConsent, mine.CompletionCode, mine.CompletionUrl));
    }

    [Fact]
    public async Task A_participant_practises_once_with_feedback_and_nothing_of_it_is_stored_or_counted()
    {
        var (id, link) = await PostedStudyAsync(quota: 5);
        var join = new ParticipantJoin(_f.Db);
        var token = (await join.JoinAsync(link, Prolific("p1"))).Token!;
        await join.ConsentAsync(token);
        var state = (await _f.Ratings.GetStateAsync(token))!;
        var practice = state.Practice!;
        // Practice sets are not among the sets to rate, and cannot be submitted as ratings.
        Assert.Equal(5, state.TotalSets);
        Assert.Equal(SubmitOutcome.Invalid, await _f.Ratings.SubmitSetAsync(token, practice.SetId, practice.Images.ToDictionary(i => i, _ => 2)));
        Assert.Null(await _f.Ratings.PracticeAsync(token, practice.SetId, new Dictionary<Guid, int> { [practice.Images[0]] = 2 }));
        Assert.Null(await _f.Ratings.PracticeAsync(token, state.Next!.SetId, state.Next.Images.ToDictionary(i => i, _ => 2)));

        await using var ctx = _f.Db.Create();
        var roles = await ctx.Images.Where(i => i.StudyId == id).ToDictionaryAsync(i => i.PublicId, i => i.GoldRole);
        var verdicts = (await _f.Ratings.PracticeAsync(token, practice.SetId, practice.Images.ToDictionary(i => i, _ => 1)))!;
        Assert.Equal(practice.Images.Count, verdicts.Count);
        Assert.False(verdicts.Single(v => roles[v.Image] == GoldRole.DuplicateA).Right);  // the real frame scored 1
        Assert.True(verdicts.Single(v => roles[v.Image] == GoldRole.Broken).Right);
        Assert.Equal(0, await ctx.Ratings.CountAsync());
        Assert.Null((await _f.Ratings.GetStateAsync(token))!.Practice);
        // A rater with a hand-made link is never given practice.
        var manual = (await _f.RaterTokensAsync(id, 1))[0];
        Assert.Null((await _f.Ratings.GetStateAsync(manual))!.Practice);
    }

    [Theory]
    [InlineData(0, "C1", "quota")]
    [InlineData(10_001, "C1", "quota")]
    [InlineData(10, "", "completion code, its completion URL, or both")]
    [InlineData(10, "has space", "completion code is")]
    [InlineData(10, "javascript:alert(1)", "completion code is")]
    public async Task A_bad_public_link_spec_is_refused_and_stores_nothing(int quota, string code, string expected)
    {
        var id = await _f.CreateOpenStudyAsync();
        var e = await Assert.ThrowsAsync<StudyInputException>(() => _f.Admin.OpenPublicLinkAsync(id, new PublicLinkSpec { Quota = quota, CompletionCode = code }));
        Assert.Contains(expected, e.Message);
        foreach (var url in new[] { "http://example.org/done", "javascript:alert(1)", "/relative", "https://" + new string('a', 600) })
            Assert.Contains("https://", (await Assert.ThrowsAsync<StudyInputException>(() =>
                _f.Admin.OpenPublicLinkAsync(id, new PublicLinkSpec { Quota = 5, CompletionUrl = url }))).Message);
        Assert.Null((await _f.Admin.GetAsync(id))!.PublicLink);
    }

    /// <summary>
    /// 50 participants arrive at once through the link (quota 50, then 5 more who find it full); each consents and rates
    /// a share of 3 of the 10 sets in turns, a fifth of them stopping after one. Nothing is lost, every regular set ends
    /// within one rating of every other (and the gold sets likewise), and everyone who finished rated a gold set.
    /// </summary>
    [Fact]
    public async Task Fifty_simulated_participants_lose_nothing_and_the_sets_stay_balanced()
    {
        const int quota = 50, late = 5, share = 3;
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello", "violin"], sets: 4, gold: 2);
        var link = await _f.Admin.OpenPublicLinkAsync(id, new PublicLinkSpec { Quota = quota, SetsPerParticipant = share, CompletionCode = "C1A2B3" });
        var join = new ParticipantJoin(_f.Db);
        var arrivals = await Task.WhenAll(Enumerable.Range(0, quota + late).Select(i => Task.Run(() => join.JoinAsync(link, Prolific($"p{i:00}")))));
        Assert.Equal(quota, arrivals.Count(a => a.Outcome == JoinOutcome.Joined));
        Assert.Equal(late, arrivals.Count(a => a.Outcome == JoinOutcome.Full));
        var tokens = arrivals.Where(a => a.Token is not null).Select(a => a.Token!).ToList();
        await Task.WhenAll(tokens.Select(t => join.ConsentAsync(t)));
        Assert.All(tokens, t => Assert.Equal(share, _f.Ratings.GetStateAsync(t).Result!.TotalSets));

        // Rounds: every participant still active rates one set per round; every fifth stops after one set.
        int acknowledged = 0;
        var stops = tokens.ToDictionary(t => t, t => tokens.IndexOf(t) % 5 == 0 ? 1 : share);
        var rated = tokens.ToDictionary(t => t, _ => 0);
        for (int round = 0; round < share; round++)
            foreach (var token in tokens.Where(t => rated[t] < stops[t]))
            {
                var set = (await _f.Ratings.GetStateAsync(token))!.Next!;
                Assert.Equal(SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(token, set.SetId, set.Images.ToDictionary(i => i, _ => 1)));
                rated[token]++;
                acknowledged += set.Images.Count;
            }

        await using var ctx = _f.Db.Create();
        Assert.Equal(acknowledged, await ctx.Ratings.CountAsync(r => r.Rater!.StudyId == id));
        var perSet = await ctx.RatingSets.Where(s => s.StudyId == id)
            .Select(s => new { s.Kind, Raters = ctx.Ratings.Count(r => r.Image!.RatingSetId == s.Id) / s.Images.Count }).ToListAsync();
        output.WriteLine($"raters per set: {string.Join(", ", perSet.Select(s => $"{s.Kind} {s.Raters}"))}; {acknowledged} ratings");
        foreach (var kind in new[] { SetKind.Regular, SetKind.Gold })
        {
            var counts = perSet.Where(s => s.Kind == kind).Select(s => s.Raters).ToList();
            Assert.InRange(counts.Max() - counts.Min(), 0, 1);
        }
        var finished = tokens.Where(t => stops[t] == share).ToList();
        Assert.All(finished, t =>
        {
            var done = _f.Ratings.GetStateAsync(t).Result!;
            Assert.True(done.Finished);
            Assert.Equal("C1A2B3", done.CompletionCode);
        });
        var goldPerRater = await ctx.Ratings.Where(r => r.Rater!.StudyId == id && r.Image!.Set!.Kind == SetKind.Gold)
            .GroupBy(r => r.Rater!.Token).Select(g => g.Key).ToListAsync();
        Assert.All(finished, t => Assert.Contains(t, goldPerRater));
        // A participant who rated their share cannot submit another set.
        var extra = await ctx.RatingSets.Where(s => s.StudyId == id).Select(s => new { s.PublicId, Images = s.Images.Select(i => i.PublicId).ToList() }).ToListAsync();
        var ratedSets = await ctx.Ratings.Where(r => r.Rater!.Token == finished[0]).Select(r => r.Image!.Set!.PublicId).Distinct().ToListAsync();
        var other = extra.First(s => !ratedSets.Contains(s.PublicId));
        Assert.Equal(SubmitOutcome.Invalid, await _f.Ratings.SubmitSetAsync(finished[0], other.PublicId, other.Images.ToDictionary(i => i, _ => 1)));
    }

    [Fact]
    public async Task The_public_link_sends_a_participant_to_their_own_rating_page_over_http()
    {
        await using var host = await StudiesTestHost.StartAsync(_f);
        var (_, link) = await PostedStudyAsync(quota: 1);
        using var client = host.Client();
        var first = await client.GetAsync($"/join/{link}?PROLIFIC_PID=abc123&STUDY_ID=s1&SESSION_ID=x9");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Matches("rate/[A-Za-z0-9_-]{22}$", first.Headers.Location!.ToString());
        var again = await client.GetAsync($"/join/{link}?PROLIFIC_PID=abc123");
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        var full = await client.GetAsync($"/join/{link}?PROLIFIC_PID=someone-else");
        Assert.Contains("join-full", await full.Content.ReadAsStringAsync());
        var bare = await client.GetAsync($"/join/{link}");
        Assert.Contains("join-no-participant", await bare.Content.ReadAsStringAsync());
    }
}
