using CrossModal.Core.Datasets;
using CrossModal.Core.Tests.Imaging;

namespace CrossModal.Core.Tests.Datasets;

/// <summary>
/// The synthetic builder (written separately) writes the shared layout plus its own pairs.csv columns and
/// dataset.json fields; the reader must take both as they are. The header and JSON below copy that builder's output.
/// </summary>
public class SyntheticOutputCompatibilityTests
{
    const string Header = "split,instrument,name,piece,start_ms,midi_pitch,velocity,dbfs,gm_program,pose_0,pose_1,pose_2,pose_3," +
        "player_id,outfit_id,background_id,camera_zoom,camera_dx,camera_dy,camera_rotation_deg";

    const string Manifest = """
        {
          "source": "synthetic-fluidr3",
          "generator_version": "1.0",
          "seed": 7,
          "per_class_target": 2,
          "sound_font": "FluidR3_GM.sf2",
          "sample_rate": 44100,
          "chunk_samples": 22050,
          "silence_threshold_dbfs": -45,
          "image_size": 64,
          "instruments": ["trumpet"],
          "pieces": 1,
          "counts": { "train": { "trumpet": 1 }, "validation": { "trumpet": 1 } },
          "created": "2025-11-25T13:00:00+00:00"
        }
        """;

    [Fact]
    public void ReadsTheSyntheticBuildersPairsCsvAndManifest()
    {
        using var dir = new TempFolder();
        foreach (var (split, name) in new[] { ("train", "trumpet01_0"), ("validation", "trumpet02_500") })
        {
            File.Copy(Path.Combine(TestImages.RealFramesDir, "trumpet", "trumpet00_1400.jpg"),
                Path.Combine(Directory.CreateDirectory(dir[$"img/{split}/trumpet"]).FullName, name + ".jpg"));
            TestSounds.WriteChunk(dir[$"chunk/{split}/trumpet/{name}.wav"]);
        }
        File.WriteAllText(dir["pairs.csv"], Header + "\n" +
            "train,trumpet,trumpet01_0,1,0,64,90,-12.50,56,0.2500,-0.1000,0.0000,1.0000,3,1,2,1.0500,0.0100,-0.0200,1.500\n" +
            "validation,trumpet,trumpet02_500,2,500,67,80,-14.00,56,0.5000,0.1000,0.0000,0.0000,4,0,1,0.9500,0.0000,0.0000,-2.000\n");
        File.WriteAllText(dir["dataset.json"], Manifest);

        var ds = SubUrmpDatasetReader.Read(dir.Path);

        Assert.Empty(ds.Report.Skipped);
        Assert.Empty(ds.Report.Notes);
        var train = ds.Samples.Single(s => s.Split == DatasetSplit.Train);
        Assert.Equal(("64", "0.2500", "56"), (train.Metadata["midi_pitch"], train.Metadata["pose_0"], train.Metadata["gm_program"]));
        Assert.Equal("-2.000", ds.Samples.Single(s => s.Split == DatasetSplit.Validation).Metadata["camera_rotation_deg"]);
        Assert.Equal(("synthetic-fluidr3", 7L), (ds.Manifest!.Source, ds.Manifest.Seed!.Value));
        Assert.Equal(1, ds.Manifest.Counts["validation"]["trumpet"]);
        Assert.Equal("1.0", ds.Manifest.Extra!["generator_version"].GetString());
    }
}
