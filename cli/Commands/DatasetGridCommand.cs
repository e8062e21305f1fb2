using System.CommandLine;
using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal dataset grid DIR OUT.png`: a contact sheet, one row per instrument.</summary>
public static class DatasetGridCommand
{
    public static Command Build()
    {
        var dir = new Argument<string>("dataset") { Description = "Dataset folder (img/{train,validation}/<instrument>/*.jpg)." };
        var output = new Argument<string>("output") { Description = "PNG file to write." };
        var columns = new Option<int>("--columns") { Description = "Images per instrument row.", DefaultValueFactory = _ => 6 };
        var cell = new Option<int>("--cell") { Description = "Cell size in pixels.", DefaultValueFactory = _ => 128 };
        var cmd = new Command("grid", "Draw a sample grid of a dataset: one row per instrument, images taken across its pieces.");
        cmd.Arguments.Add(dir);
        cmd.Arguments.Add(output);
        cmd.Options.Add(columns);
        cmd.Options.Add(cell);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var (rows, images) = SampleGrid.Write(pr.GetValue(dir)!, pr.GetValue(output)!, pr.GetValue(columns), pr.GetValue(cell));
            Console.WriteLine($"wrote {pr.GetValue(output)}: {rows} instruments, {images} images");
            return 0;
        }));
        return cmd;
    }
}
