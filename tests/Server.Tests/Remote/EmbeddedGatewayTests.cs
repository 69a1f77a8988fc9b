using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NameServer.Actors.Contracts;
using NameServer.Actors.Server.Hosting;
using NameServer.Actors.Server.Remote;
using NameServer.Actors.Server.Tests.Hosting;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>The gateway started by Akka.Hosting's <c>WithNameServer</c>: the same start path as namesrv's.</summary>
public sealed class EmbeddedGatewayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("embedded-gateway-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WithNameServer_registers_the_gateway_which_answers_the_contract_in_the_platform_system()
    {
        var builder = TestHost.Builder(_dir);
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka("platform", (akka, sp) => akka.WithNameServer(sp));
        using var host = builder.Build();
        await host.StartAsync();

        var gateway = host.Services.GetRequiredService<IRequiredActor<NameServerGateway>>().ActorRef;

        Assert.Equal("akka://platform" + NameServerContracts.GatewayPath, gateway.Path.ToString());
        // A platform actor talks to it with the contract's messages, unserialized in the same system.
        Assert.Equal(new RouteReply("Nobody", null), await gateway.Ask<RouteReply>(new GetRoute("Nobody"), TimeSpan.FromSeconds(10)));
        await host.StopAsync();
    }
}
