using CrossModal.Bench;

// Whole-process harnesses; each prints a Markdown fragment and exits non-zero if its claim fails.
return args.FirstOrDefault() switch
{
    "training-memory" => TrainingMemory.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: crossmodal-bench training-memory [--steps N] [--batch B] [--threads T] [--out FILE.md]");
    return 2;
}
