namespace CrossModal.Web.Services;

/// <summary>A file the visitor chose (uploaded or a bundled example), kept in memory while the circuit lives.</summary>
public sealed record UploadedFile(string Name, byte[] Bytes, string ContentType)
{
    public string SizeText => UploadRules.FormatSize(Bytes.LongLength);
}

/// <summary>A file refused before it is sent to a service; <see cref="Exception.Message"/> is shown as it is.</summary>
public sealed class InvalidUploadException(string message) : Exception(message);
