using System.Net;
using CrossModal.Clients;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// The typed clients' dns:/// addresses (what the Kubernetes manifests give the web app): option wiring, and calls
/// spread round-robin over two real loopback gRPC servers that one name resolves to.
/// </summary>
public sealed class ClientLoadBalancingTests : IAsyncLifetime
{
    const string Header = "x-server";
    readonly List<WebApplication> servers = [];
    int portA, portB;

    public async Task InitializeAsync()
    {
        portA = await StartServer("A");
        portB = await StartServer("B");
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers) await server.DisposeAsync();
    }

    /// <summary>A gRPC health server on 127.0.0.1 (HTTP/2, a free port) that names itself in a response header.</summary>
    async Task<int> StartServer(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddSingleton(health);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers[Header] = name;
            await next();
        });
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync();
        servers.Add(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address).Port;
    }

    /// <summary>Stands in for DNS: the name resolves to both servers (as a headless Service's name resolves to its pods).</summary>
    sealed class TwoServerResolverFactory(int portA, int portB) : ResolverFactory
    {
        public List<Uri> Resolved { get; } = [];
        public override string Name => LoadBalancing.DnsScheme;

        public override Resolver Create(ResolverOptions options)
        {
            lock (Resolved) Resolved.Add(options.Address);
            return new StaticResolverFactory(_ => [new BalancerAddress("127.0.0.1", portA), new BalancerAddress("127.0.0.1", portB)]).Create(options);
        }
    }

    static ServiceProvider Clients(Dictionary<string, string?> settings, ResolverFactory? resolver = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (resolver is not null) services.AddSingleton(resolver); // before AddCrossModalClients: it wins for dns:
        return services.AddCrossModalClients(configuration).BuildServiceProvider();
    }

    static Health.HealthClient EncoderHealth(ServiceProvider provider) =>
        provider.GetRequiredService<GrpcClientFactory>().CreateClient<Health.HealthClient>(CrossModalClientsExtensions.HealthClientName(ServiceAddresses.Encoder));

    static async Task<List<string>> WhoAnswers(Health.HealthClient client, int calls)
    {
        var answers = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            using var call = client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
            var headers = await call.ResponseHeadersAsync;
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await call).Status);
            answers.Add(headers.GetValue(Header) ?? "?");
        }
        return answers;
    }

    [Fact]
    public async Task A_dns_address_spreads_calls_round_robin_over_every_resolved_server()
    {
        var resolver = new TwoServerResolverFactory(portA, portB);
        using var provider = Clients(new() { [ServiceAddresses.Key(ServiceAddresses.Encoder)] = "dns:///encoder:5101" }, resolver);
        var client = EncoderHealth(provider);

        await WhoAnswers(client, 6); // both connections up
        var answers = await WhoAnswers(client, 20);

        Assert.Equal(new Uri("dns:///encoder:5101"), Assert.Single(resolver.Resolved));
        Assert.True(answers.Count(a => a == "A") >= 8 && answers.Count(a => a == "B") >= 8, $"answers: {string.Join("", answers)}");
        // Round-robin alternates: no server answers twice in a row once both are connected.
        Assert.True(answers.Zip(answers.Skip(1)).Count(p => p.First == p.Second) <= 2, $"answers: {string.Join("", answers)}");
    }

    [Fact]
    public async Task Pick_first_by_configuration_keeps_every_call_on_one_server()
    {
        var resolver = new TwoServerResolverFactory(portA, portB);
        using var provider = Clients(new()
        {
            [ServiceAddresses.Key(ServiceAddresses.Encoder)] = "dns:///encoder:5101",
            [$"{CrossModalClientOptions.Section}:LoadBalancingPolicy"] = LoadBalancing.PickFirst,
        }, resolver);

        var answers = await WhoAnswers(EncoderHealth(provider), 12);
        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task A_dns_address_resolves_through_real_dns_by_default()
    {
        using var provider = Clients(new() { [ServiceAddresses.Key(ServiceAddresses.Encoder)] = $"dns:///localhost:{portA}" });
        Assert.Contains(provider.GetServices<ResolverFactory>(), f => f is DnsResolverFactory);

        // localhost may also resolve to ::1, where nothing listens: round-robin keeps to the address that answers.
        var answers = await WhoAnswers(EncoderHealth(provider), 4);
        Assert.All(answers, a => Assert.Equal("A", a));
    }

    [Fact]
    public void Channel_options_get_insecure_credentials_and_round_robin_for_dns_and_stay_as_they_were_for_http()
    {
        var name = CrossModalClientsExtensions.HealthClientName(ServiceAddresses.Encoder);
        GrpcChannelOptions Channel(string address)
        {
            using var provider = Clients(new() { [ServiceAddresses.Key(ServiceAddresses.Encoder)] = address });
            var options = new GrpcChannelOptions();
            foreach (var apply in provider.GetRequiredService<IOptionsMonitor<GrpcClientFactoryOptions>>().Get(name).ChannelOptionsActions) apply(options);
            return options;
        }

        var dns = Channel("dns:///encoder:5101");
        Assert.Same(ChannelCredentials.Insecure, dns.Credentials);
        Assert.IsType<RoundRobinConfig>(Assert.Single(dns.ServiceConfig!.LoadBalancingConfigs));
        // The retry policy is still there beside the balancing policy.
        Assert.Contains(StatusCode.Unavailable, Assert.Single(dns.ServiceConfig.MethodConfigs).RetryPolicy!.RetryableStatusCodes);
        Assert.Equal(CrossModalClientsExtensions.MaxMessageBytes, dns.MaxSendMessageSize);

        var http = Channel("http://encoder:5101");
        Assert.Null(http.Credentials);
        Assert.Empty(http.ServiceConfig!.LoadBalancingConfigs);
        Assert.Single(http.ServiceConfig.MethodConfigs);
    }

    [Theory]
    [InlineData("dns:///encoder:5101")]
    [InlineData("dns:///encoder.crossmodal.svc.cluster.local:5101")]
    [InlineData("dns:///10.0.0.7:5101")]
    [InlineData("http://localhost:5101")]
    public void Addresses_that_name_a_host_and_port_are_accepted(string address) =>
        Assert.Equal(new Uri(address), ServiceAddresses.Parse(address, "test"));

    [Theory]
    [InlineData("dns:///encoder")]              // no port
    [InlineData("dns:///encoder:0")]
    [InlineData("dns:///encoder:70000")]
    [InlineData("dns://8.8.8.8/encoder:5101")]  // a DNS server authority: not supported by Grpc.Net.Client
    [InlineData("dns:///:5101")]
    [InlineData("ftp://encoder:5101")]
    [InlineData("encoder:5101")]
    public void Malformed_addresses_are_refused_naming_the_setting(string address)
    {
        var error = Assert.Throws<FormatException>(() => ServiceAddresses.Parse(address, "services:encoder:grpc:0"));
        Assert.Contains("services:encoder:grpc:0", error.Message);
        Assert.Contains("dns:///host:port", error.Message);
    }

    [Theory]
    [InlineData("LoadBalancingPolicy", "least_request")]
    [InlineData("DnsRefreshSeconds", "0")]
    [InlineData("DnsRefreshSeconds", "7200")]
    public void Out_of_range_balancing_options_are_refused_at_registration(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{CrossModalClientOptions.Section}:{key}"] = value }).Build();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddCrossModalClients(configuration));
        Assert.Contains($"{CrossModalClientOptions.Section}:{key}", error.Message);
    }
}
