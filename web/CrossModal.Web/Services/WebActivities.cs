using System.Diagnostics;

namespace CrossModal.Web.Services;

/// <summary>
/// The web app's own spans (source <c>CrossModal.Web</c>, exported with the hosting defaults' <c>CrossModal.*</c>).
/// A page action that calls the services (generate, then label) starts one here, so its gRPC calls, and the
/// services' spans for them, share one trace in the Aspire dashboard.
/// </summary>
public static class WebActivities
{
    public const string SourceName = "CrossModal.Web";
    static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A new trace for one user action. Blazor Server runs the action on the circuit's long-lived connection, whose
    /// request span would otherwise hold every action of a visit in one trace; that span, if any, is linked instead.
    /// Null when nothing listens (no telemetry configured).
    /// </summary>
    public static Activity? StartAction(string name)
    {
        var ambient = Activity.Current;
        Activity.Current = null;
        var action = Source.StartActivity(name, ActivityKind.Internal, parentContext: default,
            links: ambient is null ? null : [new ActivityLink(ambient.Context)]);
        // A started action is Current until it is disposed (then its parent, none); with nothing started, put back what was.
        if (action is null) Activity.Current = ambient;
        return action;
    }
}
