using System.Globalization;
using System.Net;
using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.LoadGen;

/// <summary>What to run.</summary>
public enum LoadMode
{
    /// <summary>Route queries only.</summary>
    Route,

    /// <summary>A register storm only.</summary>
    Register,

    /// <summary>Route queries while a register storm runs.</summary>
    Mixed,

    /// <summary>Register brokers and keep them alive for the duration (a table for other tools).</summary>
    Populate,
}

/// <summary>Validated settings of one invocation.</summary>
public sealed record LoadSettings
{
    public LoadMode Mode { get; init; } = LoadMode.Route;

    public string Address { get; init; } = "127.0.0.1:9876";

    public int Connections { get; init; } = 16;

    public int Depth { get; init; } = 1;

    public int Topics { get; init; } = 100;

    /// <summary>Explicit topic names; replaces the generated <c>Topic-0..Topic-(N-1)</c>.</summary>
    public IReadOnlyList<string>? TopicList { get; init; }

    public DistributionKind Distribution { get; init; } = DistributionKind.Uniform;

    public double Skew { get; init; } = 1.0;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public int Version { get; init; } = 479;

    public SerializeType SerializeType { get; init; } = SerializeType.Json;

    public int Brokers { get; init; } = 100;

    public int TopicsPerBroker { get; init; } = 10;

    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(30);

    public int PopulateBrokers { get; init; }

    public int PopulateTopics { get; init; } = 100;

    /// <summary>Each populate broker gets its own topics (B × T topics in all) instead of sharing Topic-0..Topic-(T-1).</summary>
    public bool PopulateDistinct { get; init; }

    /// <summary>5.x split registration for populate and storm brokers: at most this many topics per registration; 0 = off.</summary>
    public int SplitRegistrationSize { get; init; }

    public int? Pid { get; init; }

    public bool Ceiling { get; init; } = true;

    public bool Json { get; init; }

    /// <summary>How long to wait for answers still in flight after the window.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>Largest brokers × topics-per-broker product accepted (memory of the simulated topic tables).</summary>
    public const long MaxTopicEntries = 2_000_000;

    public IReadOnlyList<string> TopicNames =>
        TopicList ?? Enumerable.Range(0, Topics).Select(i => string.Create(CultureInfo.InvariantCulture, $"Topic-{i}")).ToList();

    /// <summary>Every problem with these settings, as messages naming the option; empty when they can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!TryParseEndPoint(Address, out _, out var addressProblem))
        {
            problems.Add($"--address: {addressProblem}");
        }
        Range(problems, "--connections", Connections, 1, 10_000);
        Range(problems, "--depth", Depth, 1, 4096);
        Range(problems, "--topics", Topics, 1, 1_000_000);
        if (TopicList is { } list)
        {
            if (list.Count == 0)
            {
                problems.Add("--topic-list: give at least one topic name.");
            }
            else if (list.FirstOrDefault(t => !IsTopicName(t)) is { } bad)
            {
                problems.Add($"--topic-list: '{bad}' is not a valid topic name (letters, digits, '%', '|', '-', '_', at most 127 characters).");
            }
        }
        if (Distribution == DistributionKind.Zipf && !(Skew > 0 && Skew <= 10))
        {
            problems.Add($"--skew must be in (0, 10] (got {Skew.ToString(CultureInfo.InvariantCulture)}).");
        }
        if (Warmup < TimeSpan.Zero || Warmup > MaxDuration)
        {
            problems.Add("--warmup must be between 0 and 1h.");
        }
        if (Duration <= TimeSpan.Zero || Duration > MaxDuration)
        {
            problems.Add("--duration must be positive and at most 1h.");
        }
        Range(problems, "--version", Version, 0, short.MaxValue);
        Range(problems, "--brokers", Brokers, 1, 10_000);
        Range(problems, "--topics-per-broker", TopicsPerBroker, 0, 100_000);
        if (Period <= TimeSpan.Zero || Period > MaxDuration)
        {
            problems.Add("--period must be positive and at most 1h.");
        }
        Range(problems, "--populate-brokers", PopulateBrokers, 0, 10_000);
        Range(problems, "--populate-topics", PopulateTopics, 0, 100_000);
        Range(problems, "--split-registration-size", SplitRegistrationSize, 0, 100_000);
        // Every broker's topic table is built in memory: keep the totals to something a test machine can hold.
        if ((long)Brokers * TopicsPerBroker > MaxTopicEntries && Mode is LoadMode.Register or LoadMode.Mixed)
        {
            problems.Add($"--brokers x --topics-per-broker must be at most {MaxTopicEntries} (got {(long)Brokers * TopicsPerBroker}).");
        }
        if ((long)PopulateBrokers * PopulateTopics > MaxTopicEntries)
        {
            problems.Add($"--populate-brokers x --populate-topics must be at most {MaxTopicEntries} (got {(long)PopulateBrokers * PopulateTopics}).");
        }
        if (Mode == LoadMode.Populate && PopulateBrokers == 0)
        {
            problems.Add("populate mode needs --populate-brokers (at least 1).");
        }
        if (Pid is <= 0)
        {
            problems.Add($"--pid must be a positive process id (got {Pid}).");
        }
        return problems;
    }

    /// <summary>Parses <c>host:port</c> (an IP address or a name that resolves; IPv6 in brackets).</summary>
    public static bool TryParseEndPoint(string? text, out EndPoint? endPoint, out string? problem)
    {
        endPoint = null;
        problem = null;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            problem = $"expected host:port (got '{text}').";
            return false;
        }
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"port must be a number between 1 and 65535 (got '{text[(colon + 1)..]}').";
            return false;
        }
        var host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip))
        {
            endPoint = new IPEndPoint(ip, port);
            return true;
        }
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            problem = $"'{host}' is not a host name or IP address.";
            return false;
        }
        endPoint = new DnsEndPoint(host, port);
        return true;
    }

    /// <summary>Parses <c>500ms</c>, <c>2s</c>, <c>1m</c> or a plain number of seconds.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        var (number, scale) = s.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (s[..^2], 0.001)
            : s.EndsWith('s') || s.EndsWith('S') ? (s[..^1], 1.0)
            : s.EndsWith('m') || s.EndsWith('M') ? (s[..^1], 60.0)
            : s.EndsWith('h') || s.EndsWith('H') ? (s[..^1], 3600.0)
            : (s, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || double.IsInfinity(amount * scale) || amount * scale > MaxDuration.TotalSeconds * 1000)
        {
            return false;
        }
        value = TimeSpan.FromSeconds(amount * scale);
        return true;
    }

    private static bool IsTopicName(string name) =>
        name.Length is > 0 and <= 127 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '%' or '|' or '-' or '_');

    private static void Range(List<string> problems, string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add($"{option} must be between {min} and {max} (got {value}).");
        }
    }
}
