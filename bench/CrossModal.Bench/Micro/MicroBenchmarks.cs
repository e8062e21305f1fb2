using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CrossModal.Bench.Harness;

namespace CrossModal.Bench.Micro;

/// <summary>Runs <see cref="HotPathBenchmarks"/> in-process (no generated project to build) and writes its table.</summary>
public static class MicroBenchmarks
{
    public static int Run(BenchArgs args)
    {
        var job = (args.Quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).AddLogger(NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "cm-bench-bdn"));
        var summary = BenchmarkRunner.Run<HotPathBenchmarks>(config);
        var md = new Markdown().Heading("Per-request hot paths (BenchmarkDotNet)");
        md.Line($"BenchmarkDotNet {typeof(BenchmarkRunner).Assembly.GetName().Version?.ToString(3)}, {(args.Quick ? "Dry" : "ShortRun")} job, in-process toolchain; " +
                "mean ± standard error, allocated bytes per call.").Line();
        md.Table(["benchmark", "mean (µs)", "± error (µs)", "allocated"],
            summary.Reports.Select(r => (IReadOnlyList<string>)[
                r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,
                r.ResultStatistics is { } s ? Markdown.F(s.Mean / 1000, 1) : "n/a",
                r.ResultStatistics is { } e ? Markdown.F(e.StandardError / 1000, 1) : "n/a",
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) is { } b ? $"{b:N0} B" : "n/a"]));
        md.Emit(args);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
