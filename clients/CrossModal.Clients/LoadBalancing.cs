using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrossModal.Clients;

/// <summary>
/// Client-side load balancing for <c>dns:///host:port</c> addresses. An HTTP/2 connection carries every call of a
/// channel, so a Kubernetes ClusterIP Service (which balances connections, not calls) would send all of one web pod's
/// calls to one service pod. With a headless Service the name resolves to every ready pod; the channel connects to
/// each and spreads calls round-robin, re-resolving every <see cref="CrossModalClientOptions.DnsRefreshSeconds"/> so
/// pods added by the autoscaler are used (and at once when a connection fails).
/// </summary>
public static class LoadBalancing
{
    public const string DnsScheme = "dns";
    public const string RoundRobin = "round_robin", PickFirst = "pick_first";

    /// <summary>
    /// Registers the DNS resolver with the configured refresh interval (the built-in one never re-resolves on its own).
    /// A <see cref="ResolverFactory"/> for the <c>dns</c> scheme registered before this call wins (the channel takes the
    /// first factory that matches the scheme), which is how tests substitute a resolver.
    /// </summary>
    public static void AddDnsResolver(IServiceCollection services, CrossModalClientOptions options) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ResolverFactory>(new DnsResolverFactory(options.DnsRefreshInterval)));

    /// <summary>
    /// Sets up a channel to <paramref name="address"/>: for a <c>dns:///</c> address plaintext credentials (the services
    /// speak h2c in the cluster; the scheme itself does not say) and the configured policy; other addresses are left as
    /// they are (one server, nothing to balance).
    /// </summary>
    public static void Configure(GrpcChannelOptions channel, Uri address, CrossModalClientOptions options)
    {
        if (!ServiceAddresses.IsBalanced(address)) return;
        channel.Credentials = ChannelCredentials.Insecure;
        channel.ServiceConfig ??= new ServiceConfig();
        channel.ServiceConfig.LoadBalancingConfigs.Clear();
        channel.ServiceConfig.LoadBalancingConfigs.Add(options.LoadBalancingPolicy == PickFirst ? new PickFirstConfig() : new RoundRobinConfig());
    }
}
