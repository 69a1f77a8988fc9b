using System.Text;
using System.Text.RegularExpressions;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>The embedded dashboard page as a file: present, and loading nothing from outside (no CDN, no fonts).</summary>
public sealed partial class DashboardPageTests
{
    private const string ResourceName = "NameServer.Actors.Server.Dashboard.index.html";

    private static string Page()
    {
        using var stream = typeof(NameServerService).Assembly.GetManifestResourceStream(ResourceName);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Dashboard_page_is_embedded_in_server_assembly_when_built()
    {
        var page = Page();
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"topic-search\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_page_loads_nothing_from_another_origin_when_opened()
    {
        // The SVG namespace is a name, not a fetch; every other absolute URL would be a request off the machine.
        var page = Page().Replace("'http://www.w3.org/2000/svg'", "", StringComparison.Ordinal);
        Assert.DoesNotMatch(AbsoluteUrl(), page);
        Assert.DoesNotMatch(ExternalReference(), page);
    }

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"<script[^>]+src=|<link[^>]+rel=""stylesheet""|@import|@font-face", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
