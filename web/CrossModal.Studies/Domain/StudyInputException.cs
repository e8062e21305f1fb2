namespace CrossModal.Studies.Domain;

/// <summary>
/// A request the studies refuse (a spec out of range, an unknown study or rater): the message is one line, names what is
/// wrong, and is shown to the researcher as is. The web app does not reference core, so this is the studies' own
/// counterpart of core's InvalidInputException; nothing is stored when it is thrown.
/// </summary>
public sealed class StudyInputException(string message) : Exception(message);
