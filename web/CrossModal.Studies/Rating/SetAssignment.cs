namespace CrossModal.Studies.Rating;

/// <summary>
/// Which set a rater gets next. Of the sets the rater has not rated, one with the fewest ratings so far (raters excluded
/// from results do not count; ties go to the rater's own keyed order), so every set reaches about the same number of
/// raters even when people stop early. A rater who rates only a share of the sets (a participant from the public link,
/// <see cref="Data.Study.SetsPerParticipant"/>) gets a gold set among them, at a place of their own keyed by the study's
/// secret, so an attention check is neither missing nor always in the same place.
/// </summary>
public static class SetAssignment
{
    /// <param name="Ratings">Ratings of the set so far, counted in whole sets (raters).</param>
    public sealed record Candidate(int Id, bool Gold, int Ratings);

    /// <param name="inKeyedOrder">Every set of the study, in the rater's keyed order.</param>
    /// <param name="done">The sets this rater has rated.</param>
    /// <param name="share">How many sets this rater rates in all.</param>
    /// <param name="goldPlace">The rater's keyed place (0-based) for a gold set within a share.</param>
    /// <returns>The next set, or null when the rater has rated their share.</returns>
    public static Candidate? Next(IReadOnlyList<Candidate> inKeyedOrder, IReadOnlySet<int> done, int share, int goldPlace)
    {
        if (done.Count >= share) return null;
        var open = inKeyedOrder.Where(c => !done.Contains(c.Id)).ToList();
        bool partial = share < inKeyedOrder.Count;
        bool goldRated = inKeyedOrder.Any(c => c.Gold && done.Contains(c.Id));
        if (partial && !goldRated && done.Count >= goldPlace && open.Any(c => c.Gold)) open = open.Where(c => c.Gold).ToList();
        return open.MinBy(c => c.Ratings);
    }
}
