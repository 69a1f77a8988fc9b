using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Remote;
using NameServer.Actors.Contracts;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>
/// Akka.Remote with TLS on both sides (dot-netty <c>enable-ssl</c>, a self-signed PKCS#12 certificate generated for
/// the test, mutual authentication as Akka requires by default, chain validation suppressed because nothing trusts
/// the certificate): the contract works, and a plaintext peer is refused.
/// </summary>
public sealed class RemoteTlsTests : RemoteTestKit
{
    private const string Password = "test-password";
    private static readonly Lazy<string> Certificate = new(CreateCertificate);

    public RemoteTlsTests(ITestOutputHelper output)
        : base(output, TlsConfig())
    {
    }

    protected override bool ServerUsesTls => true;

    protected override NameServerSettings Settings() => WithRemoting(TestSettings.Loopback, TlsConfig());

    private static string TlsConfig() => $$"""
        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl {
            certificate { path = "{{Certificate.Value.Replace("\\", "/", StringComparison.Ordinal)}}", password = "{{Password}}" }
            suppress-validation = true
          }
        }
        """;

    // One self-signed certificate for server and clients, usable for both ends of a mutually authenticated handshake.
    private static string CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=namesrv-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("akka-tls-").FullName, "namesrv.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    [Fact]
    public async Task Gateway_answers_over_tls_when_both_systems_have_ssl_enabled()
    {
        Assert.Equal("akka.ssl.tcp", ServerAddress.Protocol);

        Assert.Equal(new RouteReply("TopicA", null), await AskAsync<RouteReply>(new GetRoute("TopicA")));
        var subscriber = CreateTestProbe();
        Gateway.Tell(new SubscribeRoutes(["TopicA"]), subscriber.Ref);
        await subscriber.ExpectMsgAsync<RoutesSubscribed>(Timeout);
    }

    [Fact]
    public async Task Gateway_refuses_a_plaintext_peer_when_tls_is_on()
    {
        var plaintext = StartBareSystem("plaintext", NameServerContracts.ConfigText);
        var answers = CreateTestProbe();
        var errors = CreateTestProbe();
        plaintext.EventStream.Subscribe(plaintext.ActorOf(Forwarder.Props(errors.Ref)), typeof(AssociationErrorEvent));
        var port = ServerAddress.Port!.Value;

        plaintext.ActorSelection(NameServerContracts.GatewayAddress("127.0.0.1", port)).Tell(new GetRoute("TopicA"), plaintext.ActorOf(Forwarder.Props(answers.Ref)));

        // The plaintext handshake never completes: the association fails, and nothing is answered.
        await errors.ExpectMsgAsync<AssociationErrorEvent>(TimeSpan.FromSeconds(20));
        await answers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        // The TLS clients are still served.
        Assert.Equal(new RouteReply("TopicA", null), await AskAsync<RouteReply>(new GetRoute("TopicA")));
    }
}
