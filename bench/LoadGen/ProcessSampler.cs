using System.Globalization;
using System.Runtime.InteropServices;

namespace NameServer.Actors.LoadGen;

/// <summary>CPU time and memory of a process at one instant, from <c>/proc</c>.</summary>
public sealed record ProcessSample(double CpuSeconds, long RssKb, long PeakRssKb);

/// <summary>Reads <c>/proc/&lt;pid&gt;/stat</c> (utime + stime) and <c>/proc/&lt;pid&gt;/status</c> (VmRSS, VmHWM).</summary>
public static class ProcessSampler
{
    private const int ScClockTicks = 2;

    private static readonly Lazy<long> TicksPerSecond = new(ReadTicksPerSecond);

    /// <summary>Null (with a reason) when the process does not exist or <c>/proc</c> is not readable.</summary>
    public static ProcessSample? TrySample(int pid, out string? problem)
    {
        problem = null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var status = File.ReadAllLines($"/proc/{pid}/status");
            // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample((double)ticks / TicksPerSecond.Value, StatusKb(status, "VmRSS:"), StatusKb(status, "VmHWM:"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            problem = $"cannot read /proc/{pid}: {e.Message}";
            return null;
        }
    }

    private static long StatusKb(string[] lines, string key)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var value = line[key.Length..].Trim();
                var space = value.IndexOf(' ');
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static long ReadTicksPerSecond()
    {
        try
        {
            var ticks = SysConf(ScClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // USER_HZ is 100 on every mainstream Linux architecture.
            return 100;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
