using CrossModal.Core.Training;

namespace CrossModal.Core.Tests.Training;

public class WrongPairSamplerTests
{
    // 3 classes; class 0 has pieces 10, 11; class 1 pieces 20, 21; class 2 one piece 30.
    private static readonly int[] Labels = [0, 0, 0, 0, 1, 1, 1, 2, 2];
    private static readonly int[] Pieces = [10, 10, 11, 11, 20, 21, 21, 30, 30];

    [Fact]
    public void OtherInstrumentNeverPicksSameClassAndCoversAllOthers()
    {
        var s = new WrongPairSampler(WrongPairRule.OtherInstrument, Labels, Pieces);
        var rng = new Random(1);
        var seen = new HashSet<int>();
        for (var t = 0; t < 500; t++)
        {
            var batch = Enumerable.Range(0, Labels.Length).ToArray();
            var wrong = s.Sample(batch, rng)!;
            for (var i = 0; i < batch.Length; i++) Assert.NotEqual(Labels[batch[i]], Labels[wrong[i]]);
            if (Labels[batch[0]] == 0) seen.UnionWith([wrong[0]]);
        }
        Assert.Equal(new HashSet<int> { 4, 5, 6, 7, 8 }, seen);
    }

    [Fact]
    public void SameInstrumentOtherPieceStaysInClassAndLeavesThePiece()
    {
        var labels = Labels[..7]; var pieces = Pieces[..7];
        var s = new WrongPairSampler(WrongPairRule.SameInstrumentOtherPiece, labels, pieces);
        var rng = new Random(2);
        for (var t = 0; t < 300; t++)
        {
            var batch = Enumerable.Range(0, labels.Length).ToArray();
            var wrong = s.Sample(batch, rng)!;
            for (var i = 0; i < batch.Length; i++)
            {
                Assert.Equal(labels[i], labels[wrong[i]]);
                Assert.NotEqual(pieces[i], pieces[wrong[i]]);
            }
        }
    }

    [Fact]
    public void SameInstrumentOtherFrameNeverPicksItself()
    {
        var s = new WrongPairSampler(WrongPairRule.SameInstrumentOtherFrame, Labels, Pieces);
        var rng = new Random(3);
        for (var t = 0; t < 300; t++)
        {
            var batch = Enumerable.Range(0, Labels.Length).ToArray();
            var wrong = s.Sample(batch, rng)!;
            for (var i = 0; i < batch.Length; i++)
            {
                Assert.Equal(Labels[i], Labels[wrong[i]]);
                Assert.NotEqual(i, wrong[i]);
            }
        }
    }

    [Fact]
    public void SameSeedGivesSameDraws()
    {
        var s = new WrongPairSampler(WrongPairRule.OtherInstrument, Labels, Pieces);
        int[] batch = [0, 3, 5, 8];
        Assert.Equal(s.Sample(batch, new Random(9)), s.Sample(batch, new Random(9)));
    }

    [Fact]
    public void NoneRuleHasNoWrongPairs()
    {
        var s = new WrongPairSampler(WrongPairRule.None, Labels, Pieces);
        Assert.Null(s.Sample([0, 1], new Random(1)));
    }

    [Fact]
    public void ImpossibleRulesFailClearly()
    {
        var one = Assert.Throws<InvalidInputException>(() => new WrongPairSampler(WrongPairRule.OtherInstrument, [2, 2, 2], [1, 1, 2]));
        Assert.Contains("at least 2 instruments", one.Message);
        var piece = Assert.Throws<InvalidInputException>(() => new WrongPairSampler(WrongPairRule.SameInstrumentOtherPiece, Labels, Pieces));
        Assert.Contains("2 pieces of class 2", piece.Message);
        Assert.Throws<InvalidInputException>(() => new WrongPairSampler(WrongPairRule.SameInstrumentOtherFrame, [0, 0, 1], [1, 1, 2]));
        Assert.Throws<InvalidInputException>(() => new WrongPairSampler(WrongPairRule.OtherInstrument, [0, 1], [1]));
    }

    [Fact]
    public void SamePieceOtherPitchStaysInThePieceAtAnotherPitchAndElseLeavesThePiece()
    {
        // Class 0: piece 10 plays pitches 60, 60, 62 (frames 0-2); piece 11 only 64 (frames 3-4), so its frames
        // have no partner at another pitch in their piece and take one from piece 10.
        int[] labels = [0, 0, 0, 0, 0], pieces = [10, 10, 10, 11, 11], pitches = [60, 60, 62, 64, 64];
        var s = new WrongPairSampler(WrongPairRule.SamePieceOtherPitch, labels, pieces, pitches);
        var rng = new Random(4);
        var seen = new HashSet<(int, int)>();
        for (var t = 0; t < 300; t++)
        {
            var batch = Enumerable.Range(0, labels.Length).ToArray();
            var wrong = s.Sample(batch, rng)!;
            for (var i = 0; i < batch.Length; i++)
            {
                Assert.NotEqual(pitches[i], pitches[wrong[i]]);
                seen.Add((i, wrong[i]));
            }
        }
        Assert.Equal([2], seen.Where(p => p.Item1 == 0).Select(p => p.Item2));          // in its piece, the other pitch
        Assert.Equal([0, 1], seen.Where(p => p.Item1 == 2).Select(p => p.Item2).Order());
        Assert.Equal([0, 1, 2], seen.Where(p => p.Item1 == 3).Select(p => p.Item2).Order()); // another piece
    }

    [Fact]
    public void SamePieceOtherPitchNeedsEveryPitch()
    {
        var none = Assert.Throws<InvalidInputException>(() => new WrongPairSampler(WrongPairRule.SamePieceOtherPitch, [0, 0], [1, 2]));
        Assert.Contains("midi_pitch", none.Message);
        Assert.Throws<InvalidInputException>(() => new WrongPairSampler(WrongPairRule.SamePieceOtherPitch, [0, 0], [1, 2], [60]));
    }
}
