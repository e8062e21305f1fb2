namespace CrossModal.Core.Training;

/// <summary>
/// Picks, for each sample of a batch, the pool index of its wrong partner under a <see cref="WrongPairRule"/>,
/// uniformly among the allowed candidates. Candidates are precomputed per class (and piece) so a draw is O(1).
/// Construction fails with a clear message when some sample has no allowed partner.
/// </summary>
public sealed class WrongPairSampler
{
    private readonly WrongPairRule rule;
    private readonly int[] labels;
    private readonly int[] pieces;
    // Pool indices sorted by (label, piece); a group is a contiguous range in this order.
    private readonly int[] order;
    private readonly int[] positionInOrder;
    private readonly Dictionary<int, (int Start, int Count)> labelRange = new();
    private readonly Dictionary<(int, int), (int Start, int Count)> pieceRange = new();
    // SamePieceOtherPitch: each sample's partners in its own piece at another pitch (empty: it falls back to other pieces).
    private readonly int[][]? otherPitch;

    /// <param name="pitches">Each sample's MIDI pitch; needed by <see cref="WrongPairRule.SamePieceOtherPitch"/> only.</param>
    public WrongPairSampler(WrongPairRule rule, IReadOnlyList<int> labels, IReadOnlyList<int> pieceIds, IReadOnlyList<int>? pitches = null)
    {
        if (labels.Count != pieceIds.Count)
            throw new InvalidInputException($"wrong-pair sampler: {labels.Count} labels but {pieceIds.Count} piece ids");
        if (rule == WrongPairRule.SamePieceOtherPitch && pitches is null)
            throw new InvalidInputException("wrong pairs from the same piece at another pitch need every sample's pitch (midi_pitch in pairs.csv)");
        if (pitches is not null && pitches.Count != labels.Count)
            throw new InvalidInputException($"wrong-pair sampler: {labels.Count} labels but {pitches.Count} pitches");
        if (labels.Count == 0) throw new InvalidInputException("wrong-pair sampler: the pool is empty");
        this.rule = rule;
        this.labels = labels.ToArray();
        pieces = pieceIds.ToArray();
        order = Enumerable.Range(0, this.labels.Length).OrderBy(i => this.labels[i]).ThenBy(i => pieces[i]).ThenBy(i => i).ToArray();
        positionInOrder = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            positionInOrder[i] = k;
            labelRange[this.labels[i]] = labelRange.TryGetValue(this.labels[i], out var r) ? (r.Start, r.Count + 1) : (k, 1);
            var key = (this.labels[i], pieces[i]);
            pieceRange[key] = pieceRange.TryGetValue(key, out var p) ? (p.Start, p.Count + 1) : (k, 1);
        }
        CheckFeasible();
        if (rule == WrongPairRule.SamePieceOtherPitch)
            otherPitch = Enumerable.Range(0, this.labels.Length).Select(i =>
            {
                var (start, count) = pieceRange[(this.labels[i], pieces[i])];
                return order.AsSpan(start, count).ToArray().Where(j => pitches![j] != pitches[i]).ToArray();
            }).ToArray();
    }

    public WrongPairRule Rule => rule;

    /// <summary>Wrong partners for the pool indices <paramref name="batch"/>; null for <see cref="WrongPairRule.None"/>.</summary>
    public int[]? Sample(IReadOnlyList<int> batch, Random random)
    {
        if (rule == WrongPairRule.None) return null;
        var result = new int[batch.Count];
        for (var b = 0; b < batch.Count; b++) result[b] = SampleOne(batch[b], random);
        return result;
    }

    private int SampleOne(int i, Random random)
    {
        var label = labelRange[labels[i]];
        switch (rule)
        {
            case WrongPairRule.OtherInstrument:
            {
                // Uniform over all indices outside the label's contiguous range.
                var r = random.Next(order.Length - label.Count);
                return order[r < label.Start ? r : r + label.Count];
            }
            case WrongPairRule.SamePieceOtherPitch when otherPitch![i].Length > 0:
                return otherPitch[i][random.Next(otherPitch[i].Length)];
            case WrongPairRule.SameInstrumentOtherPiece or WrongPairRule.SamePieceOtherPitch:
            {
                var piece = pieceRange[(labels[i], pieces[i])];
                var r = random.Next(label.Count - piece.Count);
                var k = label.Start + r;
                return order[k < piece.Start ? k : k + piece.Count];
            }
            case WrongPairRule.SameInstrumentOtherFrame:
            {
                var self = positionInOrder[i];
                var r = random.Next(label.Count - 1);
                var k = label.Start + r;
                return order[k < self ? k : k + 1];
            }
            default:
                throw new InvalidOperationException($"unhandled rule {rule}");
        }
    }

    private void CheckFeasible()
    {
        switch (rule)
        {
            case WrongPairRule.OtherInstrument when labelRange.Count < 2:
                throw new InvalidInputException(
                    $"wrong pairs from other instruments need at least 2 instruments, the pool has only class {labelRange.Keys.Single()}");
            case WrongPairRule.SameInstrumentOtherPiece or WrongPairRule.SamePieceOtherPitch:
                foreach (var (label, range) in labelRange)
                {
                    var piecesOfLabel = pieceRange.Keys.Count(k => k.Item1 == label);
                    if (piecesOfLabel < 2)
                        throw new InvalidInputException(
                            $"wrong pairs from the same instrument's other pieces need at least 2 pieces of class {label}, found {piecesOfLabel} ({range.Count} samples)");
                }
                break;
            case WrongPairRule.SameInstrumentOtherFrame:
                foreach (var (label, range) in labelRange)
                    if (range.Count < 2)
                        throw new InvalidInputException($"wrong pairs from the same instrument need at least 2 samples of class {label}, found 1");
                break;
        }
    }
}
