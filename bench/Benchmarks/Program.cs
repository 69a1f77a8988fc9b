using BenchmarkDotNet.Running;

namespace NameServer.Actors.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // Directory.Build.props prefixes the assembly name ("NameServer.Actors.Benchmarks"), so
        // BenchmarkDotNet's out-of-process toolchain cannot find a matching .csproj: run in-process.
        if (!args.Any(a => a is "--inProcess" or "-i"))
        {
            args = [.. args, "--inProcess"];
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
