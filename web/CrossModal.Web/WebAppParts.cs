using System.Reflection;

namespace CrossModal.Web;

/// <summary>
/// Assemblies whose routable components join the app's router and endpoints (the studies library, once the
/// integrator references it: <c>WebAppParts.Include(typeof(SomeStudiesType).Assembly)</c> in Program.cs,
/// before <c>MapCrossModalPages</c>).
/// </summary>
public static class WebAppParts
{
    public static List<Assembly> AdditionalAssemblies { get; } = [];

    /// <summary>Adds an assembly once: a process that builds the host more than once (tests) must not list it twice.</summary>
    public static void Include(Assembly assembly)
    {
        lock (AdditionalAssemblies)
            if (!AdditionalAssemblies.Contains(assembly)) AdditionalAssemblies.Add(assembly);
    }
}
