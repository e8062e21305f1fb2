namespace CrossModal.Domain;

/// <summary>The 13 instruments of URMP / Sub-URMP, in the fixed order that defines class indices.</summary>
public static class Instruments
{
    public static readonly IReadOnlyList<string> All =
    [
        "bassoon", "cello", "clarinet", "double_bass", "flute", "horn", "oboe",
        "sax", "trombone", "trumpet", "tuba", "viola", "violin",
    ];

    public static int Count => All.Count;

    public static int IndexOf(string name)
    {
        for (int i = 0; i < All.Count; i++)
            if (string.Equals(All[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    public static bool IsKnown(string name) => IndexOf(name) >= 0;
}
