using Microsoft.Playwright;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>
/// Debian's chromium driven by Playwright, headless and offline. Playwright's own browser download is never used:
/// the machines reach no network beyond loopback, so the system browser is launched by path.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Laptop screen the dashboard is designed for.</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };

    private static readonly string[] s_args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary><c>CHROMIUM_PATH</c>, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots go: next to the test assembly, inside the git-ignored <c>bin/</c>.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            // CI installs it (.ci/run); a developer machine may not have it. Failing beats a silent skip.
            Assert.Fail(
                $"Chromium is needed for the dashboard browser tests and was not found at {executable}. " +
                "Install it with `sudo apt-get install chromium`, or point CHROMIUM_PATH at a Chromium or Chrome binary.");
        }
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = s_args,
                Timeout = 30_000,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task<IPage> NewPageAsync(ViewportSize? viewport = null) =>
        Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = viewport ?? Laptop });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
