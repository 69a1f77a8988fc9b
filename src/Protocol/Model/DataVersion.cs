namespace NameServer.Actors.Protocol.Model;

/// <summary>
/// A broker's topic-config version (<c>DataVersion</c>). 4.x senders omit <see cref="StateVersion"/>, which then reads 0,
/// so record equality (all three fields) is the 5.x rule and equals the 4.9 rule for 4.x brokers.
/// </summary>
public readonly record struct DataVersion(long Timestamp, long Counter, long StateVersion = 0)
{
    /// <summary>What the Java NameServer assumes when a registration carries no body.</summary>
    public static readonly DataVersion Zero = default;
}
