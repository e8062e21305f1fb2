using CrossModal.Domain;
using Bunit;
using CrossModal.Protos.V1;
using CrossModal.Web.Components.Pages;
using CrossModal.Web.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Components.Forms;

namespace CrossModal.Web.Tests;

public sealed class SoundToImagePageTests : ComponentTestContext
{
    static void Upload(IRenderedComponent<SoundToImage> page, byte[] bytes, string name) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, name, contentType: "audio/wav"));

    [Fact]
    public void A_file_that_is_not_a_WAV_is_refused_with_a_clear_message_and_nothing_is_sent()
    {
        var page = Render<SoundToImage>();
        Upload(page, "this is a text file, not audio"u8.ToArray(), "notes.txt");

        page.WaitForAssertion(() => Assert.Contains("'notes.txt' is not a WAV file", page.Find("[data-testid=upload-error]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=s2i-input]"));
        Assert.True(page.Find("[data-testid=generate-button]").HasAttribute("disabled"));
        Assert.Empty(Generator.SoundToImageRequests);
    }

    [Fact]
    public void A_file_over_20_MB_is_refused_naming_the_limit()
    {
        var page = Render<SoundToImage>();
        var big = new byte[UploadRules.MaxBytes + 1];
        "RIFF"u8.CopyTo(big);
        "WAVE"u8.CopyTo(big.AsSpan(8));
        Upload(page, big, "long.wav");

        page.WaitForAssertion(() => Assert.Contains("the limit is 20 MB", page.Find("[data-testid=upload-error]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=s2i-input]"));
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var page = Render<SoundToImage>();
        Upload(page, [], "empty.wav");
        page.WaitForAssertion(() => Assert.Contains("'empty.wav' is empty", page.Find("[data-testid=upload-error]").TextContent));
    }

    [Fact]
    public void The_gallery_shows_each_image_with_the_judges_instrument_and_confidence()
    {
        Generator.OnSoundToImage = r => TestData.Images(r.Count, r.ModelId);
        Evaluator.OnClassifyImages = r => new ClassifyResponse
        {
            Predictions = { r.Images.Select((_, i) => TestData.Prediction(i % 2 == 0 ? "cello" : "double_bass", 0.5f + i * 0.1f)) },
        };
        var page = Render<SoundToImage>();
        Upload(page, TestData.ExampleWav(), "cello.wav");
        page.WaitForAssertion(() => Assert.Equal("cello.wav", page.Find("[data-testid=input-name]").TextContent));
        Assert.StartsWith("/media/", page.Find("[data-testid=input-audio]").GetAttribute("src"));
        page.Find("[data-testid=count-input]").Change("4");

        page.Find("[data-testid=generate-button]").Click();

        page.WaitForAssertion(() => Assert.Equal(["cello", "double bass", "cello", "double bass"],
            page.FindAll("[data-testid=gallery-label]").Select(e => e.TextContent)));
        Assert.Equal(["50 %", "60 %", "70 %", "80 %"], page.FindAll("[data-testid=gallery-confidence]").Select(e => e.TextContent.Replace('\u00a0', ' ')));
        Assert.Equal(4, page.FindAll("[data-testid=gallery-item]").Count);
        Assert.All(page.FindAll("[data-testid=download-image]"), a => Assert.Matches("^/media/[0-9a-f]{32}/download$", a.GetAttribute("href")));
        Assert.Matches("^/media/[0-9a-f]{32}/download$", page.Find("[data-testid=download-all]").GetAttribute("href"));
        // The request carried the uploaded bytes, the default model and the chosen count.
        var sent = Assert.Single(Generator.SoundToImageRequests);
        Assert.Equal(TestData.ExampleWav(), sent.Wav.ToByteArray());
        Assert.Equal((S2IModelIds.ProductDefault, 4), (sent.ModelId, sent.Count));
    }

    [Fact]
    public void A_generator_that_is_down_gets_a_message_naming_it_and_Retry_keeps_the_input_and_options()
    {
        var down = true;
        Generator.OnSoundToImage = r => down ? throw Calls.Status(StatusCode.Unavailable, "Error connecting to subchannel.") : TestData.Images(r.Count);
        Evaluator.OnClassifyImages = r => new ClassifyResponse { Predictions = { r.Images.Select(_ => TestData.Prediction("flute", 0.9f)) } };
        var page = Render<SoundToImage>();
        page.Find("[data-testid=example-flute]").Click();
        page.WaitForAssertion(() => Assert.Equal("example: flute", page.Find("[data-testid=input-name]").TextContent));
        page.Find("[data-testid=seed-input]").Change("42");
        page.Find("[data-testid=count-input]").Change("3");

        page.Find("[data-testid=generate-button]").Click();

        var alert = page.WaitForElement("[data-testid=error-alert]");
        Assert.Equal("generator", alert.GetAttribute("data-service"));
        Assert.Equal("Unavailable", alert.GetAttribute("data-code"));
        Assert.Contains("The generator service is not reachable", alert.TextContent);
        Assert.Empty(page.FindAll("[data-testid=gallery-item]"));
        Assert.Equal("example: flute", page.Find("[data-testid=input-name]").TextContent);

        down = false;
        page.Find("[data-testid=retry-button]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=gallery-label]").Count));
        Assert.Empty(page.FindAll("[data-testid=error-alert]"));
        Assert.All(Generator.SoundToImageRequests, r => Assert.Equal((42L, 3), (r.Seed, r.Count)));
        Assert.Equal(TestData.ExampleWav("flute"), Generator.SoundToImageRequests[^1].Wav.ToByteArray());
    }

    [Fact]
    public void A_refusal_of_the_sound_shows_the_services_message_without_a_Retry()
    {
        Generator.OnSoundToImage = _ => throw Calls.Status(StatusCode.InvalidArgument, "the sound is silent: -61.2 dBFS, below the -45 dBFS the models were trained on.");
        var page = Render<SoundToImage>();
        page.Find("[data-testid=example-tuba]").Click();
        // The example is read asynchronously: wait for it before generating.
        page.WaitForAssertion(() => Assert.Equal("example: tuba", page.Find("[data-testid=input-name]").TextContent));
        page.Find("[data-testid=generate-button]").Click();

        var alert = page.WaitForElement("[data-testid=error-alert]");
        Assert.Contains("the sound is silent: -61.2 dBFS", page.Find("[data-testid=error-detail]").TextContent);
        Assert.Contains("refused the input", alert.TextContent);
        Assert.Empty(page.FindAll("[data-testid=retry-button]"));
    }

    [Fact]
    public void Images_stay_when_the_evaluator_is_down_and_are_labelled_on_Retry()
    {
        var evaluatorDown = true;
        Generator.OnSoundToImage = r => TestData.Images(2);
        Evaluator.OnClassifyImages = r => evaluatorDown
            ? throw Calls.Status(StatusCode.Unavailable, "connection refused")
            : new ClassifyResponse { Predictions = { r.Images.Select(_ => TestData.Prediction("horn", 0.75f)) } };
        var page = Render<SoundToImage>();
        page.Find("[data-testid=example-horn]").Click();
        // The example is read asynchronously: wait for it before generating.
        page.WaitForAssertion(() => Assert.Equal("example: horn", page.Find("[data-testid=input-name]").TextContent));
        page.Find("[data-testid=generate-button]").Click();

        var alert = page.WaitForElement("[data-testid=classify-error]");
        Assert.Equal("evaluator", alert.GetAttribute("data-service"));
        Assert.Equal(2, page.FindAll("[data-testid=gallery-item]").Count);
        Assert.Empty(page.FindAll("[data-testid=gallery-label]"));

        evaluatorDown = false;
        page.Find("[data-testid=classify-retry]").Click();
        page.WaitForAssertion(() => Assert.Equal(["horn", "horn"], page.FindAll("[data-testid=gallery-label]").Select(e => e.TextContent)));
        Assert.Single(Generator.SoundToImageRequests);
    }

    [Fact]
    public void The_model_picker_lists_the_stores_S2I_and_pose_models_and_falls_back_when_the_generator_is_down()
    {
        Generator.OnListModels = _ => new ListModelsResponse
        {
            Models =
            {
                new ModelInfo { Id = "sound-encoder", Kind = "sound-encoder" },
                new ModelInfo { Id = "s2i-n", Kind = "s2i", Variant = "n" },
                new ModelInfo { Id = "pose-cello", Kind = "pose", Instrument = "cello" },
                new ModelInfo { Id = "s2i-c-default", Kind = "s2i", Variant = "c" },
            },
        };
        var page = Render<SoundToImage>();
        page.Find("[data-testid=model-select]").MouseDown();
        // The product's default generator first (and chosen), however the store lists it; then the paper's variants.
        page.WaitForAssertion(() => Assert.Equal(["Default: S2I-C + DiffAugment, EMA, mode seeking (s2i-c-default)", "S2I-N (s2i-n)", "pose model, cello (pose-cello)"],
            Popovers.FindAll(".mud-list-item-text").Select(e => e.TextContent.Trim())));

        // A store trained before the default existed: the page falls back to its first S2I model, not to an id it lacks.
        Generator.OnListModels = _ => new ListModelsResponse { Models = { new ModelInfo { Id = "s2i-c", Kind = "s2i", Variant = "c" } } };
        Generator.OnSoundToImage = r => TestData.Images(r.Count, r.ModelId);
        var older = Render<SoundToImage>();
        older.WaitForAssertion(() => Assert.Contains("s2i-c", older.Find("[data-testid=model-select]").ParentElement!.TextContent));

        Generator.OnListModels = _ => throw Calls.Status(StatusCode.Unavailable, "down");
        var fresh = Render<SoundToImage>();
        var alert = fresh.WaitForElement("[data-testid=models-error]");
        Assert.Contains("generator service is not reachable", alert.TextContent);
        Assert.NotEmpty(fresh.FindAll("[data-testid=models-retry]"));
    }
}
