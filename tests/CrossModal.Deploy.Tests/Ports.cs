using System.Text.Json.Nodes;

namespace CrossModal.Deploy.Tests;

/// <summary>The ports the apps listen on, read from their own configuration (what the images and manifests must match).</summary>
public static class Ports
{
    /// <summary>The web app's port: fixed at 5000 by the product (README, AppHost).</summary>
    public const int Web = 5000;

    /// <summary>Kestrel:Endpoints:Grpc:Url of services/&lt;service&gt;/appsettings.json.</summary>
    public static int Grpc(string service) => EndpointPort(Repo.Path("services", service, "appsettings.json"), "Grpc")
        ?? throw new Xunit.Sdk.XunitException($"services/{service}/appsettings.json has no Kestrel:Endpoints:Grpc:Url");

    /// <summary>Kestrel:Endpoints:&lt;endpoint&gt;:Url's port in an appsettings file, or null where the file or the key is absent.</summary>
    public static int? EndpointPort(string appsettings, string endpoint)
    {
        if (!File.Exists(appsettings)) return null;
        var root = JsonNode.Parse(File.ReadAllText(appsettings), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var url = root?["Kestrel"]?["Endpoints"]?[endpoint]?["Url"]?.GetValue<string>();
        return url is null ? null : new Uri(url.Replace("*", "localhost").Replace("+", "localhost")).Port;
    }

    /// <summary>The web app's configured port where its appsettings.json sets one (the project is written beside this one).</summary>
    public static int? WebConfigured => EndpointPort(Repo.Path("web", "CrossModal.Web", "appsettings.json"), "Http");
}
