using System.CommandLine;
using System.Text.Json;
using CrossModal.Clients;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal remote generate-i2s --server URL --image IN --seed S --out DIR`: i2s.wav, i2s.png and i2s-generated.npy.</summary>
public static class RemoteGenerateI2SCommand
{
    public static Command Build()
    {
        var server = RemoteCommands.Server();
        var image = new Option<string>("--image") { Description = "Image file (JPEG, PNG, WebP or BMP; centre-cropped and resized to 64x64 by the server).", Required = true };
        var seed = EvaluateShared.Seed();
        var output = new Option<string>("--out") { Description = "Folder for i2s.wav, i2s.png (the LMS drawn) and i2s-generated.npy (the generator's 128x34 dB LMS).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (model, files)." };
        var cmd = new Command("generate-i2s", "Generate a spectrogram and a 0.5 s sound from an image on a running GeneratorService.");
        foreach (var o in new Option[] { server, image, seed, output, json }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var outDir = pr.GetValue(output)!;
            RemoteCommands.RequireFolder(outDir);
            var bytes = RemoteCommands.ReadUpload(pr.GetValue(image)!, "--image");

            using var clients = RemoteCommands.Clients(pr.GetValue(server));
            var client = clients.GetRequiredService<GeneratorService.GeneratorServiceClient>();
            var address = ServiceAddresses.Of(clients.GetRequiredService<IConfiguration>(), ServiceAddresses.Generator);
            var request = new ImageToSoundRequest { Image = ByteString.CopyFrom(bytes), Seed = pr.GetValue(seed) };
            var response = await RemoteCommands.Call(async () => await client.ImageToSoundAsync(request, cancellationToken: ct), address);
            if (response.Wav.IsEmpty || response.SpectrogramPng.IsEmpty || response.Lms is null)
                throw new InvalidOperationException($"the server at {address} answered without a sound (an older GeneratorService?)");

            Directory.CreateDirectory(outDir);
            var files = new
            {
                generated = Path.Combine(outDir, "i2s-generated.npy"), png = Path.Combine(outDir, "i2s.png"), wav = Path.Combine(outDir, "i2s.wav"),
            };
            NpyFile.WriteFile(files.generated, new Core.Audio.Spectrogram(response.Lms.Values.ToArray(), response.Lms.Bins, response.Lms.Frames));
            AtomicFile.WriteAllBytes(files.png, response.SpectrogramPng.ToByteArray());
            AtomicFile.WriteAllBytes(files.wav, response.Wav.ToByteArray());
            if (pr.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { server = address.ToString(), model = response.ModelId, seed = pr.GetValue(seed), files }, EvaluateShared.Json));
            else
                foreach (var f in new[] { files.generated, files.png, files.wav }) Console.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
