using CrossModal.Studies.Data;

namespace CrossModal.Studies.Results;

/// <summary>One stored rating with what results and the CSV need about its image, set and rater (admin side only).</summary>
public sealed record RatingRow(
    int RaterId, string? RaterLabel, bool RaterExcluded,
    int SetId, SetKind SetKind, string Instrument, string SampleName,
    int ImageId, Guid ImagePublicId, string Method, GoldRole GoldRole,
    int Score, DateTime RatedUtc, double? SetSeconds = null);
