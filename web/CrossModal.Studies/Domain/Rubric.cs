namespace CrossModal.Studies.Domain;

/// <summary>The paper's human-evaluation rubric (Table 4), shown to raters word for word.</summary>
public static class Rubric
{
    public sealed record Level(int Score, string Title, string Description);

    public const int Min = 0, Max = 3;

    /// <summary>Highest score first, as in the paper's table.</summary>
    public static IReadOnlyList<Level> Levels { get; } =
    [
        new(3, "Realistic, right instrument", "The image is realistic and the instrument matches the named instrument."),
        new(2, "Realistic, wrong instrument", "The image is realistic, but the instrument does not match the named instrument."),
        new(1, "Fair", "The image is fair: a player can be seen, but the instrument cannot be made out."),
        new(0, "Unrealistic", "The image is unrealistic."),
    ];

    public static bool IsValid(int score) => score is >= Min and <= Max;

    public static string Label(int score) => Levels.FirstOrDefault(l => l.Score == score)?.Title
        ?? throw new ArgumentOutOfRangeException(nameof(score), score, "scores are 0..3");
}
