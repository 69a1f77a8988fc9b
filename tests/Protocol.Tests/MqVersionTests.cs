namespace NameServer.Actors.Protocol.Tests;

public sealed class MqVersionTests
{
    [Theory]
    [InlineData(MqVersion.V4_9_4, "V4_9_4")]
    [InlineData(MqVersion.V4_9_8, "V4_9_8")]
    [InlineData(MqVersion.V5_0_0, "V5_0_0")]
    [InlineData(MqVersion.V5_1_0, "V5_1_0")]
    [InlineData(MqVersion.V5_3_1, "V5_3_1")]
    [InlineData(MqVersion.V5_3_3, "V5_3_3")]
    [InlineData(MqVersion.V5_3_3 + 1, "V5_3_4_SNAPSHOT")]
    [InlineData(MqVersion.V3_0_11, "37")]
    public void Describe_names_versions_like_the_java_enum_when_the_numbering_is_regular(int version, string expected)
    {
        Assert.Equal(expected, MqVersion.Describe(version));
    }
}
