using Bunit;
using CrossModal.Protos.V1;
using CrossModal.Web.Components.Pages;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.Web.Tests;

public sealed class TrainingPageTests : ComponentTestContext
{
    [Fact]
    public void A_visitor_who_is_not_a_signed_in_admin_gets_the_sign_in_prompt_and_no_form()
    {
        Generator.OnStartTraining = _ => throw new InvalidOperationException("a visitor reached the generator");
        var page = Render<Training>();
        Assert.NotNull(page.Find("[data-testid=admin-login-required]"));
        Assert.Empty(page.FindAll("[data-testid=training-start]"));
        Assert.Empty(page.FindAll("[data-testid=training-epochs]"));

        Authorization.SetAuthorized("rater"); // signed in somehow, but not as admin
        page = Render<Training>();
        Assert.Empty(page.FindAll("[data-testid=training-start]"));
    }

    static TrainingEvent Epoch(int epoch, double d, double g, double accuracy = double.NaN, bool preview = false)
    {
        var e = new TrainingEvent { ModelId = "s2i-c", Epoch = epoch, Epochs = 3, Step = 4, StepsPerEpoch = 4, Accuracy = accuracy, Message = $"gan epoch {epoch}/3 done", Losses = { ["d"] = d, ["g"] = g } };
        if (preview) e.PreviewPng.Add(ByteString.CopyFrom(TestData.Png(99)));
        return e;
    }

    [Fact]
    public void A_started_run_is_charted_live_from_its_stream_and_can_be_cancelled()
    {
        SignInAsAdmin();
        var stream = new ChannelStreamReader<TrainingEvent>();
        StartTrainingRequest? started = null;
        Generator.OnStartTraining = r => { started = r; return new StartTrainingResponse { RunId = "run42" }; };
        Generator.OnWatchTraining = r => r.RunId == "run42" ? stream : throw Calls.Status(StatusCode.NotFound, "no such run");
        Generator.OnCancelTraining = _ => new CancelTrainingResponse { Cancelled = true };
        var page = Render<Training>();
        page.Find("[data-testid=training-epochs]").Change("3");
        page.Find("[data-testid=training-max-per-class]").Change("16");

        page.Find("[data-testid=training-start]").Click();

        page.WaitForAssertion(() => Assert.Equal("run42", page.Find("[data-testid=training-run]").GetAttribute("data-run-id")));
        Assert.Equal(("s2i", "c", 3, 16), (started!.Kind, started.Variant, started.Epochs, started.MaxPerClass));
        Assert.NotEmpty(page.FindAll("[data-testid=loss-chart-empty]"));

        stream.Write(new TrainingEvent { State = "running", Message = "started", Accuracy = double.NaN });
        stream.Write(Epoch(1, 1.2, 0.9));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=loss-chart]").GetAttribute("data-epochs")));
        Assert.Equal("running", page.Find("[data-testid=training-state]").GetAttribute("data-state"));
        Assert.NotEmpty(page.Find("[data-testid=loss-chart]").QuerySelectorAll("svg"));

        stream.Write(Epoch(2, 1.0, 1.1, accuracy: 0.25, preview: true));
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=loss-chart]").GetAttribute("data-epochs")));
        Assert.Empty(page.FindAll("[data-testid=accuracy-chart-empty]"));
        Assert.Single(page.FindAll("[data-testid=training-preview]"));
        Assert.Contains("epoch 2/3", page.Find("[data-testid=training-status]").TextContent);

        page.Find("[data-testid=training-cancel]").Click();
        page.WaitForAssertion(() => Assert.Equal("run42", Assert.Single(Generator.CancelRequests).RunId));
        stream.Write(new TrainingEvent { State = "cancelled", Message = "cancelled; the model store is unchanged", Accuracy = double.NaN });
        stream.Complete();
        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("[data-testid=training-state]").GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-testid=training-cancel]"));
        Assert.False(page.Find("[data-testid=training-start]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_busy_generator_is_reported_and_the_form_keeps_its_values()
    {
        SignInAsAdmin();
        Generator.OnStartTraining = _ => throw Calls.Status(StatusCode.ResourceExhausted, "a training run is already going (run abc); watch or cancel it first.");
        var page = Render<Training>();
        page.Find("[data-testid=training-epochs]").Change("7");
        page.Find("[data-testid=training-start]").Click();

        var alert = page.WaitForElement("[data-testid=training-start-error]");
        Assert.Contains("The generator service is busy", alert.TextContent);
        Assert.Contains("already going", alert.TextContent);
        Assert.Equal("7", page.Find("[data-testid=training-epochs]").GetAttribute("value"));
    }

    [Fact]
    public void A_stream_that_breaks_is_reported_and_Retry_watches_the_run_again_from_its_start()
    {
        SignInAsAdmin();
        var first = new ChannelStreamReader<TrainingEvent>();
        var second = new ChannelStreamReader<TrainingEvent>();
        var watches = 0;
        Generator.OnStartTraining = _ => new StartTrainingResponse { RunId = "r1" };
        Generator.OnWatchTraining = _ => ++watches == 1 ? first : second;
        var page = Render<Training>();
        page.Find("[data-testid=training-start]").Click();
        first.Write(Epoch(1, 1, 1));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=loss-chart]").GetAttribute("data-epochs")));

        first.Fail(Calls.Status(StatusCode.Unavailable, "generator restarted"));
        var alert = page.WaitForElement("[data-testid=training-watch-error]");
        Assert.Contains("generator service is not reachable", alert.TextContent);

        second.Write(Epoch(1, 1, 1));
        second.Write(Epoch(2, 0.8, 1.2));
        page.Find("[data-testid=training-watch-retry]").Click();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=loss-chart]").GetAttribute("data-epochs")));
        Assert.Empty(page.FindAll("[data-testid=training-watch-error]"));
    }
}
