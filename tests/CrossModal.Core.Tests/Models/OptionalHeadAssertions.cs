using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

/// <summary>What an optional head made last (after the DCGAN draws, registered by hand) must leave as it was.</summary>
internal static class OptionalHeadAssertions
{
    /// <summary>
    /// <paramref name="withHead"/>, built from the same seed as <paramref name="plain"/>, has the plain network's parameter
    /// names and count (so stored weights load), the head's weight and bias after them, and the same initial weights
    /// wherever the two agree (so arms with and without the head differ by the head alone).
    /// </summary>
    public static void AddsOnlyTheHead(nn.Module plain, nn.Module withHead, string head)
    {
        Assert.Equal(plain.named_parameters().Select(p => p.name), withHead.named_parameters().Select(p => p.name).Where(n => !n.StartsWith(head)));
        Assert.Equal([$"{head}.weight", $"{head}.bias"], withHead.named_parameters().Select(p => p.name).Where(n => n.StartsWith(head)));
        var heads = withHead.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.All(plain.named_parameters(), p => Assert.True(p.parameter.data<float>().SequenceEqual(heads[p.name].data<float>()), $"{p.name} drew other initial weights"));
    }
}
