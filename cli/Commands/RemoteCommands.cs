using System.CommandLine;
using CrossModal.Clients;
using CrossModal.Core;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal remote ...`: the same generation as `crossmodal generate`, done by a running GeneratorService
/// (started alone or by the AppHost, scripts/run.sh) through the typed clients instead of in this process.
/// </summary>
public static class RemoteCommands
{
    public static Command Build()
    {
        var remote = new Command("remote", "Talk to running CrossModal services (gRPC) instead of running the models in this process.");
        remote.Subcommands.Add(RemoteGenerateS2ICommand.Build());
        remote.Subcommands.Add(RemoteGenerateI2SCommand.Build());
        remote.Subcommands.Add(RemoteModelsCommand.Build());
        return remote;
    }

    /// <summary>Largest upload the services accept (their decoders' limit).</summary>
    public const long MaxUploadBytes = 20L * 1024 * 1024;

    public static Option<string?> Server() => new("--server")
    {
        Description = $"GeneratorService address, e.g. http://localhost:5102 (default: configuration key {ServiceAddresses.Key(ServiceAddresses.Generator)} " +
                      $"or environment variable services__generator__grpc__0, else {ServiceAddresses.Fallbacks[ServiceAddresses.Generator]}).",
    };

    /// <summary>The typed clients, pointed at <paramref name="server"/> for the generator when given.</summary>
    public static ServiceProvider Clients(string? server)
    {
        var settings = new Dictionary<string, string?>
        {
            // Interactive use: give up on an unreachable server after a few seconds rather than retrying for long.
            [$"{CrossModalClientOptions.Section}:MaxAttempts"] = "3",
            [$"{CrossModalClientOptions.Section}:UnaryDeadlineSeconds"] = "120",
        };
        if (server is not null)
        {
            try { settings[ServiceAddresses.Key(ServiceAddresses.Generator)] = ServiceAddresses.Parse(server, "--server").ToString(); }
            catch (FormatException e) { throw new InvalidInputException(e.Message); }
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCrossModalClients(configuration).BuildServiceProvider();
    }

    /// <summary>An input file's bytes, refusing a missing, empty or oversized file before anything is sent.</summary>
    public static byte[] ReadUpload(string path, string option)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw new InvalidInputException($"{option} '{path}': file not found.");
        if (file.Length == 0) throw new InvalidInputException($"{option} '{path}' is empty.");
        if (file.Length > MaxUploadBytes) throw new InvalidInputException($"{option} '{path}' is {file.Length} bytes; the services accept up to {MaxUploadBytes}.");
        return File.ReadAllBytes(path);
    }

    public static void RequireFolder(string outDir)
    {
        if (File.Exists(outDir)) throw new InvalidInputException($"--out '{outDir}' is a file, not a folder.");
    }

    /// <summary>Runs a call, turning the server's refusals into the CLI's one-line errors (exit code 2).</summary>
    public static async Task<T> Call<T>(Func<Task<T>> call, Uri server)
    {
        try { return await call(); }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            throw new InvalidInputException($"the server refused the request: {e.Status.Detail}");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new InvalidInputException($"no answer from {server} ({e.StatusCode}): is the GeneratorService running? Start it with scripts/run.sh.");
        }
    }
}
