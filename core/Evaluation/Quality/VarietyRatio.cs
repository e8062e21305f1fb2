namespace CrossModal.Core.Evaluation.Quality;

/// <summary>Within-sound variety of one instrument: generated spread, real spread across pieces, and their ratio.</summary>
public sealed record InstrumentVariety(string Instrument, int Sounds, double WithinSound, double RealAcrossPieces, double Ratio);

/// <summary>
/// Within-sound variety R (issue 17): the mean pairwise distance between the samples a generator makes from one sound
/// (several noise draws), averaged over the sounds of an instrument, divided by the mean pairwise distance between real
/// samples of that instrument from <em>different pieces</em> (different players, rooms, cameras). R ≈ 0 means the
/// noise is ignored (one picture per sound); R ≈ 1 means one sound's samples differ as much as real scenes of different
/// performances do. Overall R is the mean of the instruments' ratios, so each instrument counts once.
/// </summary>
public sealed record VarietyRatio(string Space, double Overall, IReadOnlyList<InstrumentVariety> PerInstrument)
{
    /// <param name="space">What the features are (e.g. "pixels 32x32"), for the reader.</param>
    /// <param name="sounds">One entry per sound: its instrument and the mean pairwise distance between its samples
    /// (<see cref="FeatureDistances.MeanPairwise"/> over ≥ 2 noise draws).</param>
    /// <param name="real">Real samples: instrument, piece and features.</param>
    /// <param name="instrumentNames">Class index → name.</param>
    public static VarietyRatio Compute(string space, IReadOnlyList<(int Label, double WithinSound)> sounds,
        IReadOnlyList<(int Label, int Piece, float[] Features)> real, IReadOnlyList<string> instrumentNames)
    {
        if (sounds.Count == 0) throw new InvalidInputException("no generated samples to measure variety on");
        if (sounds.Any(s => !double.IsFinite(s.WithinSound))) throw new InvalidInputException("variety needs at least 2 samples per sound");
        var per = new List<InstrumentVariety>();
        foreach (var label in sounds.Select(g => g.Label).Distinct().Order())
        {
            var mine = sounds.Where(g => g.Label == label).ToList();
            var within = mine.Average(g => g.WithinSound);
            var reals = real.Where(r => r.Label == label).ToList();
            var across = FeatureDistances.MeanPairwiseAcrossGroups(reals.Select(r => r.Features).ToList(), reals.Select(r => r.Piece).ToList());
            if (double.IsNaN(across))
                throw new InvalidInputException($"variety of {instrumentNames[label]} needs real samples from at least two pieces");
            per.Add(new InstrumentVariety(instrumentNames[label], mine.Count, within, across, across > 0 ? within / across : double.NaN));
        }
        return new VarietyRatio(space, per.Average(p => p.Ratio), per);
    }
}
