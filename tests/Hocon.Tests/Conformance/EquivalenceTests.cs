using NameServer.Actors.Hocon;
using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Hocon.Tests.Conformance;

public class EquivalenceTests
{
    private static readonly string CasesDirectory = Path.Combine(AppContext.BaseDirectory, "Conformance");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Directory.GetDirectories(CasesDirectory, "equiv*").OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(folder).Where(f => f.EndsWith(".conf", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) != "original.json")
                {
                    data.Add(Path.GetFileName(folder), Path.GetFileName(file));
                }
            }
        }

        return data;
    }

    [Fact]
    public void Conformance_cases_are_present_when_copied_to_output()
    {
        Assert.True(Cases().Count() >= 12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hocon_file_produces_same_tree_as_original_json_when_loaded(string folder, string file)
    {
        var options = new HoconParseOptions { EnvironmentLookup = _ => null };
        var expected = HoconParser.ParseFile(Path.Combine(CasesDirectory, folder, "original.json"), options).Value;
        var actual = HoconParser.ParseFile(Path.Combine(CasesDirectory, folder, file), options).Value;

        Assert.True(HoconValue.DeepEquals(expected, actual), $"{folder}/{file}:\nexpected {expected.ToJson()}\nactual   {actual.ToJson()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hocon_file_produces_same_configuration_keys_as_original_json_when_flattened(string folder, string file)
    {
        var options = new HoconParseOptions { EnvironmentLookup = _ => null };
        var expected = HoconConfigurationFlattener.Flatten(HoconParser.ParseFile(Path.Combine(CasesDirectory, folder, "original.json"), options).Value, HoconKeyStyle.AsWritten);
        var actual = HoconConfigurationFlattener.Flatten(HoconParser.ParseFile(Path.Combine(CasesDirectory, folder, file), options).Value, HoconKeyStyle.AsWritten);

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Original_json_keeps_value_types_when_parsed()
    {
        var root = HoconParser.ParseFile(Path.Combine(CasesDirectory, "equiv01", "original.json")).Value;
        var config = new HoconConfig(root);

        Assert.IsType<HoconNumber>(config.GetValue("ints.fortyTwo"));
        Assert.IsType<HoconBoolean>(config.GetValue("booleans.true"));
        Assert.True(config.TryGetValue("nulls.null", out var nullValue));
        Assert.IsType<HoconNull>(nullValue);
        Assert.Equal(["a", "b", "c"], config.GetStringList("arrays.ofString"));
    }
}
