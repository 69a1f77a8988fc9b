using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing;

namespace NameServer.Actors.Server.Hosting;

/// <summary>
/// Runs a NameServer's <see cref="NameServerListeners"/> in an Akka.Hosting host, over the actors that
/// <c>WithNameServer</c> started in the host's <c>ActorSystem</c>. A lifecycle service, so that the order in which it and
/// Akka.Hosting's service were registered does not matter: it binds in <see cref="StartedAsync"/>, after every
/// service's <c>StartAsync</c> (Akka.Hosting's starts the system and its actors there), and drains in
/// <see cref="StoppingAsync"/>, before any service's <c>StopAsync</c> (Akka.Hosting's runs the coordinated shutdown
/// there).
/// </summary>
internal sealed class NameServerListenersService(
    NameServerListeners listeners,
    IServiceProvider services,
    TimeSpan registryWait,
    ILogger log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var system = services.GetService<ActorSystem>() ?? throw new InvalidOperationException(
            "The NameServer's listeners need the actor system of Akka.Hosting: services.AddAkka(name, (akka, sp) => akka.WithNameServer(sp)).");
        var registry = services.GetRequiredService<IReadOnlyActorRegistry>();
        IActorRef root;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(registryWait);
            try
            {
                root = await registry.GetAsync<RoutingCore>(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"The NameServer's actors are not in the actor registry of '{system.Name}' after {registryWait.TotalSeconds:0} s: add them with akka.WithNameServer(sp) in AddAkka.");
            }
        }
        var core = await RoutingCore.OfRootAsync(root, cancellationToken).ConfigureAwait(false);
        await listeners.StartAsync(system, core, cancellationToken).ConfigureAwait(false);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await listeners.StopAsync(cancellationToken).ConfigureAwait(false);
        if (listeners.Lifecycle.State is ServerState.Stopped)
        {
            log.LogInformation("NameServer listeners stopped");
        }
    }

    // Already done in StoppingAsync; waits for it should the host call this alone.
    public Task StopAsync(CancellationToken cancellationToken) => listeners.StopAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
