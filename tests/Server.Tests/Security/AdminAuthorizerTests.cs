using System.Net;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Security;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class AdminAuthorizerTests
{
    private static readonly IPAddress Outsider = IPAddress.Parse("192.0.2.7");

    private static SecuritySettings On(Func<SecuritySettings, SecuritySettings>? change = null)
    {
        var settings = NameServerSettings.Default.Security with
        {
            AclEnable = true,
            Credentials = new Dictionary<string, string>(StringComparer.Ordinal) { ["rocketmq2"] = "12345678" },
        };
        return change is null ? settings : change(settings);
    }

    // A request captured from the Java tools (tests/Protocol.Tests/Captures, copied beside the tests).
    private static RemotingCommand Capture(string capture, string file) =>
        RemotingCommandReader.DecodeFrame(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Captures", capture, file)));

    private static RemotingCommand Unsigned(int code) =>
        RemotingCommand.CreateRequest(code, 1, extFields: new ExtFields().Set("brokerName", "broker-a"));

    private static RemotingCommand Signed(int code, string accessKey = "rocketmq2", string secret = "12345678")
    {
        var request = Unsigned(code);
        request.ExtFields!.Set(AclSignature.AccessKeyField, accessKey);
        request.ExtFields.Set(AclSignature.SignatureField, AclSignature.Compute(request.ExtFields, request.Body.Span, secret));
        return request;
    }

    // The classes as docs/SECURITY.md lists them, written out here so that a change of the table shows up as a failing test.
    public static TheoryData<int> AdminCodes() =>
    [
        RequestCode.PutKvConfig, RequestCode.DeleteKvConfig, RequestCode.WipeWritePermOfBroker, RequestCode.AddWritePermOfBroker,
        RequestCode.DeleteTopicInNamesrv, RequestCode.UpdateNamesrvConfig,
    ];

    public static TheoryData<int> RouteReadCodes() =>
    [
        RequestCode.GetRouteInfoByTopic, RequestCode.GetBrokerClusterInfo, RequestCode.GetAllTopicListFromNameServer,
        RequestCode.GetTopicsByCluster, RequestCode.GetSystemTopicListFromNs, RequestCode.GetUnitTopicList,
        RequestCode.GetHasUnitSubTopicList, RequestCode.GetHasUnitSubUnunitTopicList,
    ];

    public static TheoryData<int> OpenCodes() =>
        [RequestCode.GetKvConfig, RequestCode.GetKvListByNamespace, RequestCode.GetClientConfig, 9999];

    public static TheoryData<int> RegistrationCodes() =>
    [
        RequestCode.RegisterBroker, RequestCode.QueryDataVersion, RequestCode.BrokerHeartbeat, RequestCode.UnregisterBroker,
        RequestCode.RegisterTopicInNamesrv, RequestCode.GetBrokerMemberGroup,
    ];

    /// <summary>Every row's code, and a code without a row.</summary>
    public static TheoryData<int> EveryCode() => [.. RequestTable.Rows.Select(row => row.Code), 9999];

    /// <summary>Every combination of the three optional switches.</summary>
    public static TheoryData<bool, bool, bool> Switches()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var routes in new[] { false, true })
        {
            foreach (var brokers in new[] { false, true })
            {
                foreach (var config in new[] { false, true })
                {
                    data.Add(routes, brokers, config);
                }
            }
        }
        return data;
    }

    private static IEnumerable<int> CodesOf(TheoryData<int> data) => ((IEnumerable<object[]>)data).Select(row => (int)row[0]);

    [Fact]
    public void Class_lists_above_cover_every_row_of_the_table_once()
    {
        var listed = new[] { AdminCodes(), RouteReadCodes(), OpenCodes(), RegistrationCodes() }
            .SelectMany(CodesOf)
            .Append(RequestCode.GetNamesrvConfig)
            .Where(code => RequestTable.TryGet(code, out _))
            .ToList();

        Assert.Equal(RequestTable.Rows.Select(row => row.Code).Order(), listed.Order());
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public void Authorizer_checks_each_code_exactly_when_the_protection_of_its_row_is_switched_on(bool routes, bool brokers, bool config)
    {
        var authorizer = new AdminAuthorizer(On(o => o with { ProtectRouteReads = routes, ProtectBrokerRegistration = brokers, ProtectConfigReads = config }));

        foreach (var code in CodesOf(EveryCode()))
        {
            var expected = RequestTable.Of(code).Protection switch
            {
                RequestClass.Admin => true,
                RequestClass.RouteRead => routes,
                RequestClass.BrokerRegistration => brokers,
                RequestClass.ConfigRead => config,
                _ => false,
            };
            Assert.Equal(expected, authorizer.IsProtected(code));
            Assert.Equal(!expected, authorizer.Authorize(Unsigned(code), Outsider).IsAllowed);
            Assert.True(authorizer.Authorize(Signed(code), Outsider).IsAllowed);
        }
        Assert.Equal(routes, authorizer.ChecksRouteReads);
    }

    [Fact]
    public void Authorizer_allows_captured_broker_unregister_at_shutdown_unless_registration_is_protected()
    {
        // A 5.3.3 broker without ACL credentials unregistering at shutdown: unsigned, like its registrations.
        var request = Capture("java-5.3.3", "0069-req-104.bin");
        var registration = Capture("java-5.3.3", "0001-req-103.bin");
        var strict = new AdminAuthorizer(On(o => o with { ProtectBrokerRegistration = true }));

        Assert.Equal(RequestCode.UnregisterBroker, request.Code);
        Assert.True(new AdminAuthorizer(On()).Authorize(request, Outsider).IsAllowed);
        Assert.False(strict.Authorize(request, Outsider).IsAllowed);
        Assert.False(strict.Authorize(registration, Outsider).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(AdminCodes))]
    public void Authorizer_denies_admin_code_when_unsigned_from_outside_the_allow_list(int code)
    {
        var result = new AdminAuthorizer(On()).Authorize(Unsigned(code), Outsider);

        Assert.False(result.IsAllowed);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminCodes))]
    public void Authorizer_allows_admin_code_when_signed_with_configured_credentials(int code)
    {
        Assert.True(new AdminAuthorizer(On()).Authorize(Signed(code), Outsider).IsAllowed);
    }

    [Theory]
    [InlineData("0035-req-100.bin")]
    [InlineData("0039-req-102.bin")]
    [InlineData("0043-req-205.bin")]
    [InlineData("0047-req-327.bin")]
    public void Authorizer_allows_captured_mqadmin_request_when_credentials_match_the_tools_defaults(string file)
    {
        var request = Capture("java-5.3.3", file);

        Assert.Equal(RequestClass.Admin, RequestTable.Of(request.Code).Protection);
        Assert.True(new AdminAuthorizer(On()).Authorize(request, Outsider).IsAllowed);
    }

    [Fact]
    public void Authorizer_denies_signed_request_when_secret_differs_from_configured_one()
    {
        var result = new AdminAuthorizer(On()).Authorize(Signed(RequestCode.WipeWritePermOfBroker, secret: "wrong"), Outsider);

        Assert.False(result.IsAllowed);
        Assert.Contains("accessKey=rocketmq2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorizer_denies_signed_request_when_access_key_is_not_configured()
    {
        Assert.False(new AdminAuthorizer(On()).Authorize(Signed(RequestCode.UpdateNamesrvConfig, accessKey: "stranger"), Outsider).IsAllowed);
    }

    [Fact]
    public void Authorizer_denies_request_when_access_key_is_present_but_signature_missing()
    {
        var request = Unsigned(RequestCode.DeleteTopicInNamesrv);
        request.ExtFields!.Set(AclSignature.AccessKeyField, "rocketmq2");

        Assert.False(new AdminAuthorizer(On()).Authorize(request, Outsider).IsAllowed);
    }

    [Fact]
    public void Authorizer_denies_request_when_signed_fields_are_tampered_after_signing()
    {
        var request = Signed(RequestCode.WipeWritePermOfBroker);
        request.ExtFields!.Set("brokerName", "broker-b");

        Assert.False(new AdminAuthorizer(On()).Authorize(request, Outsider).IsAllowed);
    }

    [Fact]
    public void Authorizer_denies_request_when_remote_address_is_unknown_and_unsigned()
    {
        Assert.False(new AdminAuthorizer(On(o => o with { AdminAllowList = [AddressRange.Parse("0.0.0.0/0")] })).Authorize(Unsigned(RequestCode.PutKvConfig), null).IsAllowed);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.0.0.0/8", "10.200.3.4", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.4.0/22", "192.168.7.255", true)]
    [InlineData("192.168.4.0/22", "192.168.8.0", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("::1", "127.0.0.1", false)]
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("2001:db8::/33", "2001:db8:7fff::1", true)]
    [InlineData("2001:db8::/33", "2001:db8:8000::1", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    public void Authorizer_applies_allow_list_when_request_is_unsigned(string entry, string remote, bool allowed)
    {
        var authorizer = new AdminAuthorizer(On(o => o with { AdminAllowList = [AddressRange.Parse(entry)] }));

        Assert.Equal(allowed, authorizer.Authorize(Unsigned(RequestCode.UpdateNamesrvConfig), IPAddress.Parse(remote)).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(RouteReadCodes))]
    public void Authorizer_allows_route_read_when_unsigned_unless_route_reads_are_protected(int code)
    {
        Assert.True(new AdminAuthorizer(On()).Authorize(Unsigned(code), Outsider).IsAllowed);
        var strict = new AdminAuthorizer(On(o => o with { ProtectRouteReads = true }));
        Assert.True(strict.ChecksRouteReads);
        Assert.False(strict.Authorize(Unsigned(code), Outsider).IsAllowed);
        Assert.True(strict.Authorize(Signed(code), Outsider).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(RegistrationCodes))]
    public void Authorizer_allows_broker_registration_when_unsigned_unless_registration_is_protected(int code)
    {
        Assert.True(new AdminAuthorizer(On()).Authorize(Unsigned(code), Outsider).IsAllowed);
        var strict = new AdminAuthorizer(On(o => o with { ProtectBrokerRegistration = true }));
        Assert.False(strict.Authorize(Unsigned(code), Outsider).IsAllowed);
        Assert.True(strict.Authorize(Signed(code), Outsider).IsAllowed);
    }

    [Fact]
    public void Authorizer_allows_config_read_when_unsigned_unless_config_reads_are_protected()
    {
        Assert.True(new AdminAuthorizer(On()).Authorize(Unsigned(RequestCode.GetNamesrvConfig), Outsider).IsAllowed);
        var strict = new AdminAuthorizer(On(o => o with { ProtectConfigReads = true }));
        Assert.False(strict.Authorize(Unsigned(RequestCode.GetNamesrvConfig), Outsider).IsAllowed);
        Assert.True(strict.Authorize(Capture("java-5.3.3", "0033-req-319.bin"), Outsider).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(OpenCodes))]
    public void Authorizer_allows_open_code_when_every_protection_is_on(int code)
    {
        var strict = new AdminAuthorizer(On(o => o with { ProtectRouteReads = true, ProtectBrokerRegistration = true, ProtectConfigReads = true }));

        Assert.True(strict.Authorize(Unsigned(code), Outsider).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(AdminCodes))]
    [MemberData(nameof(RouteReadCodes))]
    [MemberData(nameof(RegistrationCodes))]
    public void Authorizer_allows_everything_when_switch_is_off(int code)
    {
        var off = new AdminAuthorizer(On(o => o with { AclEnable = false, ProtectRouteReads = true, ProtectBrokerRegistration = true, ProtectConfigReads = true }));

        Assert.False(off.ChecksRouteReads);
        Assert.True(off.Authorize(Unsigned(code), Outsider).IsAllowed);
        Assert.True(off.Authorize(Signed(code, secret: "wrong"), Outsider).IsAllowed);
    }

    [Fact]
    public void Authorizer_allows_everything_when_options_are_defaults()
    {
        var defaults = new AdminAuthorizer(NameServerSettings.Default.Security);

        Assert.True(defaults.Authorize(Unsigned(RequestCode.UpdateNamesrvConfig), Outsider).IsAllowed);
    }
}
