using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CrossModal.Protos.V1;
using GeneratorClient = CrossModal.Protos.V1.GeneratorService.GeneratorServiceClient;
using EncoderClient = CrossModal.Protos.V1.EncoderService.EncoderServiceClient;
using Grpc.Net.Client;

namespace CrossModal.Bench.Services;

/// <summary>
/// The generator service as its own process (its built CrossModal.GeneratorService.dll under `dotnet`), so that its
/// resident memory can be read alone from /proc. Listens on a free loopback port; stopped (SIGKILL after a graceful
/// try) on dispose.
/// </summary>
public sealed class GeneratorProcess : IDisposable
{
    readonly Process process;
    public GrpcChannel Channel { get; }
    public string Address { get; }
    public int Pid => process.Id;

    GeneratorProcess(Process process, string address)
    {
        this.process = process;
        Address = address;
        Channel = LoopbackServices.Connect(address);
    }

    /// <summary>Starts it with <paramref name="arenaMax"/> glibc malloc arenas (null: glibc's default, up to 8 per core).</summary>
    public static async Task<GeneratorProcess> Start(string dll, string models, int threads, string? arenaMax = "2")
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"generator service not built: {dll}");
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        if (arenaMax is null) psi.Environment.Remove("MALLOC_ARENA_MAX");
        else psi.Environment["MALLOC_ARENA_MAX"] = arenaMax; // "2": as the AppHost and the images start every service
        foreach (var a in new[] { dll, $"--CrossModal:Models={models}", "--CrossModal:Device=cpu", $"--CrossModal:Threads={threads}",
                     $"--Kestrel:Endpoints:Grpc:Url={address}", "--Kestrel:Endpoints:Grpc:Protocols=Http2", "--Logging:LogLevel:Default=Warning" })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the generator service");
        // Its console log (JSON, warnings and errors only) goes to the harness's stderr, so a failed request's cause is seen.
        DataReceivedEventHandler forward = (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[generator] {e.Data}"); };
        process.OutputDataReceived += forward;
        process.ErrorDataReceived += forward;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new GeneratorProcess(process, address);
        var client = new GeneratorClient(started.Channel);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                return started;
            }
            catch (Exception) when (attempt < 120 && !process.HasExited)
            {
                await Task.Delay(500);
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Channel.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }
}
