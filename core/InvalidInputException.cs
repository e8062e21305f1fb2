namespace CrossModal.Core;

/// <summary>
/// Input that the product refuses: a corrupt, truncated, oversized or wrongly formatted file, or an
/// argument out of range. The message is one line, names what is wrong, and is shown to the user as is
/// (CLI exit code, gRPC InvalidArgument, web error). Throwing it must leave nothing half-written.
/// </summary>
public sealed class InvalidInputException(string message, Exception? inner = null) : Exception(message, inner);
