using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace CrossModal.Services.Tests;

[Collection(ServicesCollection.Name)]
public class CommonEndpointTests(ServicesFixture f)
{
    [Fact]
    public async Task EveryServiceReportsServingAndListsItsServicesByReflection()
    {
        var expected = new[] { ("crossmodal.v1.EncoderService", f.EncoderChannel), ("crossmodal.v1.GeneratorService", f.GeneratorChannel), ("crossmodal.v1.EvaluatorService", f.EvaluatorChannel) };
        foreach (var (service, channel) in expected)
        {
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

            using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();
            Assert.Contains(service, names);
            Assert.Contains("grpc.health.v1.Health", names);
        }
    }
}
