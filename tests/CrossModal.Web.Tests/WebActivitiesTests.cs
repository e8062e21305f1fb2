using System.Diagnostics;
using CrossModal.Web.Services;

namespace CrossModal.Web.Tests;

/// <summary>A page action is a trace of its own, not a part of the circuit's long-lived connection (docs/WEB.md).</summary>
public sealed class WebActivitiesTests
{
    [Fact]
    public void An_action_starts_a_new_trace_linked_to_the_ambient_span()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == WebActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var connection = new Activity("the /_blazor connection").Start();

        using (var action = WebActivities.StartAction("sound-to-image"))
        {
            Assert.NotNull(action);
            Assert.Same(action, Activity.Current);    // the gRPC calls made now are its children
            Assert.Null(action.Parent);
            Assert.NotEqual(connection.TraceId, action.TraceId);
            Assert.Equal(connection.Context, Assert.Single(action.Links).Context);
        }
    }
}
