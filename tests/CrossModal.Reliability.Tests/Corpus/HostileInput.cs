namespace CrossModal.Reliability.Tests.Corpus;

/// <summary>
/// One hostile input: its bytes, a short name for reports, the file extension it pretends to have, and a
/// fragment every refusal of it must contain (so a refusal for the wrong reason fails the test).
/// </summary>
public sealed record HostileInput(string Name, byte[] Bytes, string Extension, string Expect)
{
    public override string ToString() => Name;
}
