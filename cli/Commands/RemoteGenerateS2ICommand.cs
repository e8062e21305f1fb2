using System.CommandLine;
using System.Text.Json;
using CrossModal.Clients;
using CrossModal.Core;
using CrossModal.Core.Generation;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal remote generate-s2i --server URL --audio IN.wav [--variant c|n|a|pose --instrument I] --count N --seed S --out DIR`.</summary>
public static class RemoteGenerateS2ICommand
{
    public static Command Build()
    {
        var server = RemoteCommands.Server();
        var variant = new Option<string?>("--variant") { Description = "c, n, a (the paper's variants), or pose (one model per instrument: needs --instrument); left out, the product's default generator (s2i-c-default, else s2i-c)." };
        var instrument = new Option<string?>("--instrument") { Description = "Instrument of the pose model." };
        var audio = new Option<string>("--audio") { Description = "WAV file (its first 0.5 s is used and must be audible).", Required = true };
        var count = new Option<int>("--count") { Description = $"Images to generate, 1 to {SoundToImage.MaxCount}.", DefaultValueFactory = _ => 8 };
        var seed = EvaluateShared.Seed();
        var output = new Option<string>("--out") { Description = "Folder for the PNGs (created if missing).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (model, seed, files)." };
        var cmd = new Command("generate-s2i", "Generate 64x64 images of a performance from a sound on a running GeneratorService.");
        foreach (var o in new Option[] { server, variant, instrument, audio, count, seed, output, json }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            // No variant: no model id either, so the service picks its default generator.
            var id = SoundToImage.NamedModelId(pr.GetValue(variant), pr.GetValue(instrument)) ?? "";
            var n = pr.GetValue(count);
            if (n is < 1 or > SoundToImage.MaxCount) throw new InvalidInputException($"--count must be 1 to {SoundToImage.MaxCount}, got {n}.");
            var outDir = pr.GetValue(output)!;
            RemoteCommands.RequireFolder(outDir);
            var wav = RemoteCommands.ReadUpload(pr.GetValue(audio)!, "--audio");

            using var clients = RemoteCommands.Clients(pr.GetValue(server));
            var client = clients.GetRequiredService<GeneratorService.GeneratorServiceClient>();
            var address = ServiceAddresses.Of(clients.GetRequiredService<IConfiguration>(), ServiceAddresses.Generator);
            var request = new SoundToImageRequest { Wav = ByteString.CopyFrom(wav), ModelId = id, Count = n, Seed = pr.GetValue(seed) };
            var response = await RemoteCommands.Call(async () => await client.SoundToImageAsync(request, cancellationToken: ct), address);

            Directory.CreateDirectory(outDir);
            var files = new List<string>();
            for (var i = 0; i < response.Png.Count; i++)
            {
                var path = Path.Combine(outDir, $"{response.ModelId}-seed{pr.GetValue(seed)}-{i:D2}.png");
                AtomicFile.WriteAllBytes(path, response.Png[i].ToByteArray());
                files.Add(path);
                if (!pr.GetValue(json)) Console.WriteLine($"wrote {path}");
            }
            if (pr.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { server = address.ToString(), model = response.ModelId, seed = pr.GetValue(seed), files }, EvaluateShared.Json));
            return 0;
        }));
        return cmd;
    }
}
