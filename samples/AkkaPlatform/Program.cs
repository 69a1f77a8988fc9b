using Microsoft.Extensions.Hosting;
using NameServer.Actors.AkkaPlatform;

// An Akka.Hosting application, "the platform", that embeds the NameServer in its own ActorSystem: the NameServer's
// actors next to the platform's, its RocketMQ and HTTP listeners as hosted services of the same host, and an actor of
// the platform that prints every route change it is told about.
// Run: dotnet run --project samples/AkkaPlatform -- --nameserver:listenPort=9886 (its HTTP listener then takes 9887),
// then point a broker at 127.0.0.1:9886, e.g. dotnet run --project samples/BrokerSimulator -- -n 127.0.0.1:9886.
var builder = Host.CreateApplicationBuilder(args);
Platform.Configure(builder);
await builder.Build().RunAsync();
