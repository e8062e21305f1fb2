using CrossModal.Studies;
using CrossModal.Web;
using CrossModal.Web.Extensions;

// The CrossModal web app: a thin Blazor Server host over the three gRPC services (wiring in Extensions/WebApp.cs).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = WebApp.DefaultContentRoot(args) });
builder.AddCrossModalWeb();

// Studies (human evaluation, web/CrossModal.Studies): its services, and its pages in the router.
builder.Services.AddCrossModalStudies(builder.Configuration);
WebAppParts.Include(StudiesExtensions.Assembly);

var app = builder.Build();
app.UseCrossModalWeb();

// Studies: migrates its database, maps sign-in/out, CSV export and rater images.
app.UseCrossModalStudies();

app.MapCrossModalPages();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
