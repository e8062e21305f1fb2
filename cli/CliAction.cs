using CrossModal.Core;
using Spectre.Console;

namespace CrossModal.Cli;

/// <summary>
/// Wraps a command body so that bad input ends with a one-line reason on stderr and a non-zero exit code,
/// never a stack trace. Exit codes: 0 success, 2 invalid input, 130 cancelled, 1 anything unexpected.
/// </summary>
public static class CliAction
{
    public const int InvalidInput = 2, Cancelled = 130, Failure = 1;

    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (InvalidInputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled.");
            return Cancelled;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: unexpected failure: {e.GetType().Name}: {e.Message}");
            return Failure;
        }
    }

    public static Task<int> Run(Func<int> body) => Run(() => Task.FromResult(body()));

    /// <summary>Progress bars go to stderr so that stdout stays machine-readable (for --json).</summary>
    public static IAnsiConsole ProgressConsole { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });
}
