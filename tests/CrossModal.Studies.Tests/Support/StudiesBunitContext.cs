using Bunit;
using CrossModal.Studies.Admin;
using CrossModal.Studies.Rating;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CrossModal.Studies.Tests.Support;

/// <summary>bUnit context with MudBlazor and the studies services over a real SQLite file.</summary>
public abstract class StudiesBunitContext : BunitContext
{
    protected readonly StudyFixture F = new();

    protected StudiesBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(F.Db);
        Services.AddSingleton<RatingService>(F.Ratings);
        Services.AddSingleton<StudyAdminService>(F.Admin);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) F.Dispose();
    }
}
