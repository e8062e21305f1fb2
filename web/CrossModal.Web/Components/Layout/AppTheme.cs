using MudBlazor;

namespace CrossModal.Web.Components.Layout;

public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3b528b",      // viridis blue, the colour of the spectrograms
            Secondary = "#21908d",
            AppbarBackground = "#2c3e6b",
        },
    };
}
