namespace NameServer.Actors.Hocon.Tests;

public class HoconValueTests
{
    [Fact]
    public void ToJson_renders_indented_json_with_escapes()
    {
        var json = HoconParserTests.Parse("a { s = \"q\\\"\\n\", l = [1, {}] }").ToJson(indented: true);

        Assert.Equal("{\n  \"a\": {\n    \"s\": \"q\\\"\\n\",\n    \"l\": [\n      1,\n      {}\n    ]\n  }\n}", json);
    }

    [Fact]
    public void DeepEquals_compares_objects_regardless_of_key_order_and_numbers_by_value()
    {
        var left = HoconParser.Parse("a = 1.0\nb = [x]").Value;
        var right = HoconParser.Parse("b = [x]\na = 1").Value;
        var different = HoconParser.Parse("b = [y]\na = 1").Value;

        Assert.True(HoconValue.DeepEquals(left, right));
        Assert.False(HoconValue.DeepEquals(left, different));
    }

    [Fact]
    public void MergeWith_lets_overrides_win_and_merges_nested_objects()
    {
        var earlier = HoconParser.Parse("a { x = 1, y = 1 }\nb = 1").Value;
        var later = HoconParser.Parse("a { y = 2, z = 2 }\nc = 2").Value;

        Assert.Equal("""{"a":{"x":1,"y":2,"z":2},"b":1,"c":2}""", earlier.MergeWith(later).ToJson());
    }

    [Fact]
    public void Depth_counts_nested_objects_and_arrays()
    {
        Assert.Equal(0, new HoconString("x").Depth);
        Assert.Equal(3, HoconParser.Parse("a = [{ b = 1 }]").Value.Depth);
    }
}
