namespace CrossModal.Studies.Domain;

/// <summary>How instrument folder names read to people ("double_bass" → "double bass").</summary>
public static class InstrumentNames
{
    public static string Display(string instrument) => instrument switch
    {
        "sax" => "saxophone",
        "horn" => "French horn",
        _ => instrument.Replace('_', ' '),
    };
}
