using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Core.Tests.Audio;

/// <summary>The Slaney mel scale and filter bank, checked against values worked out by hand from the definition.</summary>
public class MelFilterBankTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(500.0, 7.5)]          // linear part: 200/3 Hz per mel
    [InlineData(1000.0, 15.0)]        // the break point
    [InlineData(6400.0, 42.0)]        // 15 + 27 mels per factor 6.4
    [InlineData(22050.0, 59.99247)]   // 15 + 27 · ln(22.05) / ln(6.4) = 15 + 27 · 3.09331 / 1.85630 (worked by hand)
    public void SlaneyMelScale(double hz, double mel)
    {
        Assert.Equal(mel, MelScale.HzToMel(hz), 1e-4);
        Assert.Equal(hz, MelScale.MelToHz(MelScale.HzToMel(hz)), 1e-9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(127)]
    public void RowIsTheAreaNormalisedTriangleOfTheSlaneyDefinition(int m)
    {
        // By hand: 130 points evenly spaced on [0, mel(22050)], the band's edges are points m and m+2, centre m+1.
        double top = 15 + 27 * Math.Log(22050 / 1000.0) / Math.Log(6.4);
        double Hz(double mel) => mel < 15 ? mel * 200 / 3 : 1000 * Math.Pow(6.4, (mel - 15) / 27);
        double lo = Hz(top * m / 129), centre = Hz(top * (m + 1) / 129), hi = Hz(top * (m + 2) / 129);
        double height = 2 / (hi - lo);
        var bank = MelFilterBank.Default;
        for (int k = 0; k < AudioFrontEnd.FftBins; k++)
        {
            double f = k * 44100.0 / 2048;
            double expected = f <= lo || f >= hi ? 0 : f <= centre ? height * (f - lo) / (centre - lo) : height * (hi - f) / (hi - centre);
            Assert.Equal(expected, bank.Weight(m, k), Math.Max(1e-9, expected * 1e-6)); // float32 storage
        }
    }

    [Fact]
    public void UpperBandsHaveUnitArea()
    {
        // Slaney normalisation makes each triangle's integral over frequency 1 (height 2 / width), which the
        // FFT-bin sum Σ_k W[m, k] · Δf approximates when the band spans many bins.
        var bank = MelFilterBank.Default;
        double df = 44100.0 / 2048;
        for (int m = 60; m < 127; m++)
            Assert.Equal(1.0, bank.Weights[m].Sum(w => (double)w) * df, 0.02);
    }

    [Fact]
    public void EveryBandHasWeightsAndTheFirstTouchesDcOnlyWithZero()
    {
        var bank = MelFilterBank.Default;
        Assert.All(bank.Weights, w => Assert.NotEmpty(w));
        Assert.Equal(0.0, bank.Weight(0, 0)); // the first triangle starts at 0 Hz with weight 0
        Assert.Equal(128, bank.Bands);
        Assert.Equal(1025, bank.FftBins);
    }
}
