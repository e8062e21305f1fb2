using CrossModal.Bench.Audio;
using CrossModal.Bench.Correctness;
using CrossModal.Bench.Generation;
using CrossModal.Bench.Harness;
using CrossModal.Bench.Micro;
using CrossModal.Bench.Scaling;
using CrossModal.Bench.Services;
using CrossModal.Bench.Training;
using CrossModal.Core.Runtime;

// Whole-process harnesses behind scripts/bench.sh. Each prints a Markdown fragment (and writes it with --out FILE);
// a harness whose claim fails (e.g. memory growth) exits 1 after writing its figures.
var command = args.FirstOrDefault();
var options = new BenchArgs(args.Skip(1).ToArray());
if (command is null or "-h" or "--help") return Usage();
// The kernel check sets up torch itself: whether the allocator settings apply is one of the things it varies.
if (command == "kernel-check") return KernelCheck.Run(options);
TorchRuntime.Initialise(options.Threads, "cpu");
return command switch
{
    "machine" => MachineInfo.Run(options),
    "gan-step" => TrainingStepComparison.Run(options),
    "gan-step-variants" => TrainingStepOptimisation.Run(options),
    "gan-arm-steps" => ArmStepTimes.Run(options),
    "gan-scaling" => TrainingScaling.Run(options),
    "training-memory" => TrainingMemory.Run(options),
    "generation" => GeneratorInference.Run(options),
    "services" => await ServiceLatency.Run(options),
    "concurrency" => await ConcurrentThroughput.Run(options),
    "service-memory" => await ServiceMemory.Run(options),
    "lms" => LmsComparison.Run(options),
    "synth" => SynthesisScaling.Run(options),
    "micro" => MicroBenchmarks.Run(options),
    "onednn-faults" => OneDnnFaultMatrix.Run(options),
    "fast-path-check" => FastPathCorrectness.Run(options),
    "gradient-agreement" => GradientAgreement.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: crossmodal-bench COMMAND [--quick] [--threads T] [--out FILE.md] [options]
          machine            CPU, cores, memory, OS, .NET, libtorch
          gan-step           S2I GAN-CLS step (batch 64) vs libtorch matmul and the PyTorch peer  [--rounds --steps --peer-steps --peer]
          gan-step-variants  part 2: stage profile and the step before/after its optimisation     [--rounds --steps]
          gan-arm-steps      seconds per step of the ablation's networks (upsampling G, projection D), with the kernel choice [--steps]
          gan-scaling        step time vs batch size and width                                     [--rounds --steps]
          training-memory    RSS over N training steps                                             [--steps --batch]
          generation         generator latency/throughput vs image count, in-process               [--models --rounds]
          services           WAV -> image latency: services vs in-process                          [--models --requests]
          concurrency        1 vs 16 clients with dynamic batching                                 [--models --rounds --window-ms --max-batch --label]
          service-memory     generator process RSS over N mixed requests                           [--models --generator-dll --requests]
          lms                LMS chunks/s vs the NumPy peer                                        [--chunks --rounds --peer]
          synth              dataset synthesis time vs size (the CLI)                              [--cli]
          micro              BenchmarkDotNet hot paths
          onednn-faults      the oneDNN root-cause table: kernel-check processes, one thing varied each [--iterations --probe-iterations --peer]
          fast-path-check    the fast path's correctness run: checked kernel calls and fresh training runs [--iterations --runs --steps]
          gradient-agreement whole-network gradients (oneDNN, reference, float64) vs the layer-by-layer self-check [--seeds --batch]
          kernel-check       one process of the oneDNN reproduction: checked conv/deconv calls       [--iterations --other-threads --no-mallopt --keep-iterations --flush-denormal]
        """);
    return 2;
}
