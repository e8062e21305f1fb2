using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrossModal.Clients;
using CrossModal.Protos.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal remote models --server URL [--kind K] [--json]`: the models a running GeneratorService serves.</summary>
public static class RemoteModelsCommand
{
    public static Command Build()
    {
        var server = RemoteCommands.Server();
        var kind = new Option<string?>("--kind") { Description = "Only models of this kind (sound-encoder, image-encoder, autoencoder, s2i, pose, i2s)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array of the models." };
        var cmd = new Command("models", "List the models a running GeneratorService serves.");
        foreach (var o in new Option[] { server, kind, json }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            using var clients = RemoteCommands.Clients(pr.GetValue(server));
            var client = clients.GetRequiredService<GeneratorService.GeneratorServiceClient>();
            var address = ServiceAddresses.Of(clients.GetRequiredService<IConfiguration>(), ServiceAddresses.Generator);
            var response = await RemoteCommands.Call(async () =>
                await client.ListModelsAsync(new ListModelsRequest { Kind = pr.GetValue(kind) ?? "" }, cancellationToken: ct), address);
            if (pr.GetValue(json))
            {
                var rows = response.Models.Select(m => new
                {
                    id = m.Id, kind = m.Kind, variant = m.Variant, instrument = m.Instrument, dataset = m.Dataset, epoch = m.Epoch,
                    metrics = m.Metrics.ToDictionary(), created = m.CreatedUtc, recipe = m.Recipe,
                });
                Console.WriteLine(JsonSerializer.Serialize(rows, EvaluateShared.Json));
                return 0;
            }
            if (response.Models.Count == 0) Console.WriteLine($"{address}: no models");
            foreach (var m in response.Models)
            {
                var metrics = string.Join(", ", m.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:0.###}")));
                Console.WriteLine($"{m.Id,-18} {m.Kind,-14} epoch {m.Epoch,-4} {m.Dataset} {metrics}".TrimEnd());
            }
            return 0;
        }));
        return cmd;
    }
}
