namespace CrossModal.Core.Runtime;

/// <summary>When libtorch may run convolutions through oneDNN (<see cref="TorchRuntime.OneDnnVariable"/>).</summary>
public enum OneDnnPolicy
{
    /// <summary>Only in a trainer whose networks passed the self-check, and checked while it trains (the default).</summary>
    Auto,
    /// <summary>Everywhere, without checks (<c>CROSSMODAL_ONEDNN=1</c>): for measuring, not for results.</summary>
    On,
    /// <summary>Never (<c>CROSSMODAL_ONEDNN=0</c>).</summary>
    Off,
}
