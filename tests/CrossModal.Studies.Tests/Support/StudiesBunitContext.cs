using Bunit;
using Bunit.TestDoubles;
using CrossModal.Studies.Admin;
using CrossModal.Studies.Rating;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CrossModal.Studies.Tests.Support;

/// <summary>
/// bUnit context with MudBlazor and the studies services over a real SQLite file. Disposed asynchronously:
/// MudBlazor registers services that only implement IAsyncDisposable.
/// </summary>
public abstract class StudiesBunitContext : IAsyncLifetime
{
    protected readonly StudyFixture F = new();
    protected readonly BunitContext Ctx = new();

    protected StudiesBunitContext()
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddSingleton(F.Db);
        Ctx.Services.AddSingleton<RatingService>(F.Ratings);
        Ctx.Services.AddSingleton<StudyAdminService>(F.Admin);
        Ctx.Services.AddSingleton(new ParticipantJoin(F.Db));
    }

    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent =>
        Ctx.Render<T>(parameters ?? (_ => { }));

    protected BunitAuthorizationContext AddAuthorization() => Ctx.AddAuthorization();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Ctx.DisposeAsync();
        F.Dispose();
    }
}
