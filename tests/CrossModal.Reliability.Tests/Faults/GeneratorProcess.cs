using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CrossModal.Reliability.Tests.Faults;

/// <summary>
/// The built GeneratorService (CrossModal.GeneratorService.dll beside the tests) as a separate process on a loopback
/// port, configured only from the command line, so that a test can SIGKILL it as a crash or an OOM killer would.
/// </summary>
public sealed class GeneratorProcess : IDisposable
{
    static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "CrossModal.GeneratorService.dll");

    readonly Process _process;
    readonly Queue<string> _lastLines = new();

    public int Port { get; }
    public string Address => $"http://127.0.0.1:{Port}";
    public int Pid => _process.Id;

    GeneratorProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 20) _lastLines.Dequeue();
        }
    }

    /// <summary>The process's last lines of output, for failure messages.</summary>
    public string Tail()
    {
        lock (_lastLines) return string.Join('\n', _lastLines);
    }

    public static GeneratorProcess Start(string models, string data, int? port = null, string workingDirectory = "")
    {
        var p = port ?? FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            // The content root is the working directory: no appsettings.json there, so the arguments are the whole configuration.
            WorkingDirectory = workingDirectory.Length > 0 ? workingDirectory : Path.GetTempPath(),
        };
        foreach (var a in new[]
                 {
                     Dll, $"--CrossModal:Models={models}", $"--CrossModal:Data={data}", "--CrossModal:Device=cpu", "--CrossModal:Threads=1",
                     $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{p}", "--Kestrel:Endpoints:Grpc:Protocols=Http2",
                     "--Logging:LogLevel:Default=Warning",
                 })
            psi.ArgumentList.Add(a);
        return new GeneratorProcess(Process.Start(psi)!, p);
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Polls gRPC health until SERVING.</summary>
    public async Task WaitServing(TimeSpan timeout)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the generator exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                var r = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (r.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException) { }
            if (clock.Elapsed > timeout) throw new TimeoutException($"the generator did not serve within {timeout}:\n{Tail()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the port accepts TCP connections (Kestrel listening), without asking for health.</summary>
    public async Task WaitListening(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the generator exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { }
            if (clock.Elapsed > timeout) throw new TimeoutException($"the generator did not listen within {timeout}:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>Resident set size of the service process (VmRSS of /proc/PID/status).</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException("no VmRSS");
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
