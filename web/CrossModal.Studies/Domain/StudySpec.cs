using CrossModal.Domain;

namespace CrossModal.Studies.Domain;

/// <summary>What a researcher asks for when creating a study; <see cref="Validate"/> refuses anything out of range.</summary>
public sealed class StudySpec
{
    public const int MaxSetsPerInstrument = 50, MaxGoldSets = 20, MaxPracticeSets = 3, MaxNameLength = 200;

    public string Name { get; set; } = "";
    public List<string> Instruments { get; set; } = [];
    public int SetsPerInstrument { get; set; } = 10;
    public List<string> Methods { get; set; } = [.. StudyMethods.Default];
    public int GoldSets { get; set; } = 2;
    /// <summary>Practice sets with feedback that participants from the public link see before the scored sets.</summary>
    public int PracticeSets { get; set; } = 1;
    public long Seed { get; set; } = 1;

    /// <summary>Throws <see cref="StudyInputException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new StudyInputException("a study needs a name.");
        if (Name.Length > MaxNameLength) throw new StudyInputException($"a study name is at most {MaxNameLength} characters.");
        if (Instruments.Count == 0) throw new StudyInputException("pick at least one instrument.");
        foreach (var i in Instruments)
            if (!CrossModal.Domain.Instruments.All.Contains(i, StringComparer.Ordinal))
                throw new StudyInputException($"'{i}' is not an instrument (known: {string.Join(", ", CrossModal.Domain.Instruments.All)}).");
        if (Instruments.Distinct().Count() != Instruments.Count) throw new StudyInputException("an instrument is listed twice.");
        if (SetsPerInstrument is < 1 or > MaxSetsPerInstrument)
            throw new StudyInputException($"sets per instrument must be 1 to {MaxSetsPerInstrument}, got {SetsPerInstrument}.");
        if (Methods.Count == 0) throw new StudyInputException("pick at least one method.");
        foreach (var m in Methods)
            if (!StudyMethods.IsKnown(m)) throw new StudyInputException($"'{m}' is not a method (known: {string.Join(", ", StudyMethods.All)}).");
        if (Methods.Distinct().Count() != Methods.Count) throw new StudyInputException("a method is listed twice.");
        if (GoldSets is < 0 or > MaxGoldSets) throw new StudyInputException($"gold sets must be 0 to {MaxGoldSets}, got {GoldSets}.");
        if (PracticeSets is < 0 or > MaxPracticeSets) throw new StudyInputException($"practice sets must be 0 to {MaxPracticeSets}, got {PracticeSets}.");
        if (Seed < 0) throw new StudyInputException($"the seed must be 0 or more, got {Seed}.");
    }

    /// <summary>Instruments in the fixed URMP order, so the same choice always gives the same study.</summary>
    public IReadOnlyList<string> OrderedInstruments() =>
        CrossModal.Domain.Instruments.All.Where(Instruments.Contains).ToList();
}
