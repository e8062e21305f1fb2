using Bunit;
using CrossModal.Protos.V1;
using CrossModal.Web.Components.Pages;
using CrossModal.Web.Components.Shared;
using CrossModal.Web.Services;
using Grpc.Core;

namespace CrossModal.Web.Tests;

public sealed class ModelsAndStatusTests : ComponentTestContext
{
    [Fact]
    public void The_models_table_shows_kind_variant_instrument_epoch_and_metrics()
    {
        Generator.OnListModels = _ => new ListModelsResponse
        {
            Models =
            {
                new ModelInfo { Id = "s2i-c", Kind = "s2i", Variant = "c", Epoch = 10, Metrics = { ["validation_accuracy"] = 0.5307, ["loss_g"] = 2.4595 } },
                new ModelInfo { Id = "pose-cello", Kind = "pose", Instrument = "cello", Epoch = 25 },
                new ModelInfo { Id = "sound-encoder", Kind = "sound-encoder", Epoch = 30, Metrics = { ["validation_accuracy"] = 0.996 } },
            },
        };
        var page = Render<Models>();

        page.WaitForAssertion(() => Assert.Equal(["sound-encoder", "s2i-c", "pose-cello"], page.FindAll("[data-testid=model-id]").Select(e => e.TextContent)));
        Assert.Equal(["sound-encoder", "s2i", "pose"], page.FindAll("[data-testid=model-kind]").Select(e => e.TextContent));
        Assert.Equal(["—", "C", "—"], page.FindAll("[data-testid=model-variant]").Select(e => e.TextContent));
        Assert.Equal(["—", "—", "cello"], page.FindAll("[data-testid=model-instrument]").Select(e => e.TextContent));
        Assert.Equal(["30", "10", "25"], page.FindAll("[data-testid=model-epoch]").Select(e => e.TextContent));
        Assert.Equal(["validation_accuracy: 99.6%", "loss_g: 2.46", "validation_accuracy: 53.1%"],
            page.FindAll("[data-testid=model-metric]").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public void Quality_metrics_recorded_on_a_test_split_get_their_own_column()
    {
        Generator.OnListModels = _ => new ListModelsResponse
        {
            Models =
            {
                new ModelInfo
                {
                    Id = "s2i-c", Kind = "s2i", Variant = "c", Epoch = 23,
                    Metrics = { ["validation_accuracy"] = 0.884, ["quality.second_judge"] = 0.325, ["quality.variety_pixels"] = 0.0412, ["quality.coverage"] = 0.2 },
                },
            },
        };
        var page = Render<Models>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=model-id]")));
        Assert.Equal(["validation_accuracy: 88.4%"], page.FindAll("[data-testid=model-metric]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["coverage: 20.0%", "second_judge: 32.5%", "variety_pixels: 0.041"],
            page.FindAll("[data-testid=model-quality-metric]").Select(e => e.TextContent.Trim()));
        Assert.Contains("Quality (test split)", page.Markup);
    }

    [Fact]
    public void The_models_page_says_which_service_is_down_and_Retry_loads_the_table()
    {
        var down = true;
        Generator.OnListModels = _ => down ? throw Calls.Status(StatusCode.Unavailable, "refused") : new ListModelsResponse { Models = { new ModelInfo { Id = "i2s", Kind = "i2s" } } };
        var page = Render<Models>();
        var alert = page.WaitForElement("[data-testid=error-alert]");
        Assert.Contains("The generator service is not reachable", alert.TextContent);

        down = false;
        page.Find("[data-testid=retry-button]").Click();
        page.WaitForAssertion(() => Assert.Equal("i2s", page.Find("[data-testid=model-id]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=error-alert]"));
    }

    [Fact]
    public void The_status_list_names_each_service_and_its_state()
    {
        Health.States["evaluator"] = ServiceState.Unreachable;
        var list = Render<ServiceStatusList>();
        list.WaitForAssertion(() => Assert.Equal("Unreachable", list.Find("[data-testid=status-evaluator]").GetAttribute("data-state")));
        Assert.Equal("Serving", list.Find("[data-testid=status-encoder]").GetAttribute("data-state"));
        Assert.Equal("Serving", list.Find("[data-testid=status-generator]").GetAttribute("data-state"));
        Assert.NotEmpty(list.FindAll("[data-testid=status-advice]"));

        Health.States.Clear();
        list.Find("[data-testid=status-retry]").Click();
        list.WaitForAssertion(() => Assert.Equal("Serving", list.Find("[data-testid=status-evaluator]").GetAttribute("data-state")));
        Assert.Empty(list.FindAll("[data-testid=status-advice]"));
    }
}
