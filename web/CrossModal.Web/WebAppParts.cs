using System.Reflection;

namespace CrossModal.Web;

/// <summary>
/// Assemblies whose routable components join the app's router and endpoints (the studies library, once the
/// integrator references it: <c>WebAppParts.AdditionalAssemblies.Add(typeof(SomeStudiesType).Assembly)</c> in Program.cs,
/// before <c>MapCrossModalPages</c>).
/// </summary>
public static class WebAppParts
{
    public static List<Assembly> AdditionalAssemblies { get; } = [];
}
