using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Host.Tests;

/// <summary>The OTLP push against a small collector stand-in on 127.0.0.1 (HTTP/protobuf).</summary>
public sealed class OtlpMetricsTests
{
    [Fact]
    public void Start_returns_nothing_when_no_endpoint_is_configured()
    {
        Assert.Null(OtlpMetrics.Start(Server.NameServerSettings.Default.Otlp));
    }

    [Fact]
    public async Task Start_pushes_the_nameserver_meter_to_the_collector_when_an_endpoint_is_configured()
    {
        var received = new TaskCompletionSource<(string Path, byte[] Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var kestrelOptions = new KestrelServerOptions();
        kestrelOptions.Listen(IPAddress.Loopback, 0);
        using var collector = new KestrelServer(
            Options.Create(kestrelOptions), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        await collector.StartAsync(new Collector(received), CancellationToken.None);
        var port = new Uri(collector.Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        using var metrics = new NameServerMetrics();
        metrics.RecordRequest(Protocol.RequestCode.GetRouteInfoByTopic, Protocol.ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        using (var provider = OtlpMetrics.Start(Server.NameServerSettings.Default.Otlp with
        {
            MetricsOtlpEndpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics"),
            MetricsOtlpProtocol = OtlpProtocol.HttpProtobuf,
            MetricsOtlpInterval = TimeSpan.FromMilliseconds(200),
        }))
        {
            Assert.NotNull(provider);
            metrics.RecordRequest(Protocol.RequestCode.GetRouteInfoByTopic, Protocol.ResponseCode.Success, TimeProvider.System.GetTimestamp(), TimeProvider.System);
            var (path, body) = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal("/v1/metrics", path);
            // Protobuf keeps strings as UTF-8 bytes: the instrument's name is in the payload.
            Assert.Contains("namesrv.requests", Encoding.UTF8.GetString(body));
        }
        await collector.StopAsync(CancellationToken.None);
    }

    private sealed class Collector(TaskCompletionSource<(string Path, byte[] Body)> received) : IHttpApplication<IFeatureCollection>
    {
        public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

        public async Task ProcessRequestAsync(IFeatureCollection context)
        {
            var request = context.Get<IHttpRequestFeature>()!;
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            if (Encoding.UTF8.GetString(bytes).Contains("namesrv.requests", StringComparison.Ordinal))
            {
                received.TrySetResult((request.Path, bytes));
            }
            context.Get<IHttpResponseFeature>()!.StatusCode = 200;
        }

        public void DisposeContext(IFeatureCollection context, Exception? exception)
        {
        }
    }
}
