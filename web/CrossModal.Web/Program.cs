using CrossModal.Web.Extensions;

// The CrossModal web app: a thin Blazor Server host over the three gRPC services (wiring in Extensions/WebApp.cs).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = WebApp.DefaultContentRoot(args) });
builder.AddCrossModalWeb();

// ── Studies (human evaluation, web/CrossModal.Studies): register its services here, e.g.
//    builder.AddCrossModalStudies();   and add its assembly to WebAppParts.AdditionalAssemblies. ──

var app = builder.Build();
app.UseCrossModalWeb();

// ── Studies: map its endpoints here (login/logout, CSV export), e.g. app.MapCrossModalStudies(); ──

app.MapCrossModalPages();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
