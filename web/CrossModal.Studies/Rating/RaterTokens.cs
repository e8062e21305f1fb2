using System.Buffers.Text;
using System.Security.Cryptography;

namespace CrossModal.Studies.Rating;

/// <summary>Rater link tokens: 128 bits from the OS's cryptographic generator, base64url without padding (22 characters).</summary>
public static class RaterTokens
{
    public const int Bytes = 16, Length = 22;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Shape check before any database lookup, so junk never reaches a query.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
