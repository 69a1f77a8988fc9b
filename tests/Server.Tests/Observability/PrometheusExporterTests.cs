using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server.Tests.Observability;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new("NameServer.Actors.Tests");

    public void Dispose() => _meter.Dispose();

    /// <summary>Renders and checks the output against the format before any test looks at it.</summary>
    private static PromExposition Scrape(PrometheusExporter exporter) => PrometheusText.Parse(exporter.Render());

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    [Fact]
    public void Counter_is_exported_with_total_suffix_when_it_has_no_tags()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("nameserver.requests", "{request}", "Requests handled.");

        counter.Add(3);
        counter.Add(4);

        var text = exporter.Render();
        Assert.Equal(
            "# HELP nameserver_requests_total Requests handled.\n" +
            "# TYPE nameserver_requests_total counter\n" +
            "nameserver_requests_total 7\n",
            text);
        PrometheusText.Parse(text);
    }

    [Fact]
    public void Counter_exports_one_series_per_tag_set_when_tags_differ()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<int>("requests");

        counter.Add(1, Tag("code", "GET_ROUTE"), Tag("result", "ok"));
        counter.Add(2, Tag("code", "GET_ROUTE"), Tag("result", "ok"));
        counter.Add(5, Tag("code", "REGISTER"), Tag("result", "ok"));
        // Same tag set in another order, with fresh string instances: the same series.
        counter.Add(10, Tag("result", new string("ok".AsSpan())), Tag(new string("code".AsSpan()), "REGISTER"));

        var scrape = Scrape(exporter);
        var family = scrape.Family("requests_total");
        Assert.Equal("counter", family.Type);
        Assert.Equal(2, family.Samples.Count);
        Assert.Equal(3, scrape.Value("requests_total", ("code", "GET_ROUTE"), ("result", "ok")));
        Assert.Equal(15, scrape.Value("requests_total", ("code", "REGISTER"), ("result", "ok")));
    }

    [Fact]
    public void Counter_sums_doubles_and_decimals_when_values_are_fractional()
    {
        using var exporter = new PrometheusExporter(_meter);
        var doubles = _meter.CreateCounter<double>("work.done");
        var decimals = _meter.CreateCounter<decimal>("money.spent");

        doubles.Add(0.25);
        doubles.Add(0.5);
        decimals.Add(1.5m);
        decimals.Add(2.25m);

        var text = exporter.Render();
        PrometheusText.Parse(text);
        Assert.Contains("\nwork_done_total 0.75\n", text);
        Assert.Contains("\nmoney_spent_total 3.75\n", text);
    }

    [Fact]
    public void UpDownCounter_exports_a_negative_gauge_when_decrements_exceed_increments()
    {
        using var exporter = new PrometheusExporter(_meter);
        var connections = _meter.CreateUpDownCounter<long>("connections.active", "{connection}");
        var balance = _meter.CreateUpDownCounter<double>("balance");

        connections.Add(2);
        connections.Add(-5);
        balance.Add(-1.5);

        var scrape = Scrape(exporter);
        Assert.Equal("gauge", scrape.Family("connections_active").Type);
        Assert.Equal(-3, scrape.Value("connections_active"));
        Assert.Equal(-1.5, scrape.Value("balance"));
    }

    [Fact]
    public void Histogram_exports_cumulative_buckets_sum_and_count_when_advice_gives_boundaries()
    {
        using var exporter = new PrometheusExporter(_meter);
        var histogram = _meter.CreateHistogram<double>("latency", "s", "Request latency.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });

        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20, 30 })
        {
            histogram.Record(value, Tag("code", "x"));
        }

        var text = exporter.Render();
        Assert.Equal(
            "# HELP latency_seconds Request latency.\n" +
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{code=\"x\",le=\"0.1\"} 2\n" +
            "latency_seconds_bucket{code=\"x\",le=\"1\"} 3\n" +
            "latency_seconds_bucket{code=\"x\",le=\"10\"} 4\n" +
            "latency_seconds_bucket{code=\"x\",le=\"+Inf\"} 6\n" +
            "latency_seconds_sum{code=\"x\"} 52.65\n" +
            "latency_seconds_count{code=\"x\"} 6\n",
            text);
        PrometheusText.Parse(text);
    }

    [Fact]
    public void Histogram_uses_default_seconds_boundaries_when_there_is_no_advice()
    {
        using var exporter = new PrometheusExporter(_meter);
        var histogram = _meter.CreateHistogram<double>("handle.time", "s");

        histogram.Record(0.00005);
        histogram.Record(0.003);
        histogram.Record(60);

        var scrape = Scrape(exporter);
        var buckets = scrape.Family("handle_time_seconds").Samples.Where(s => s.Name.EndsWith("_bucket")).ToList();
        Assert.Equal(
            ["0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
             "1", "2.5", "5", "10", "+Inf"],
            buckets.Select(b => b.Labels["le"]));
        Assert.Equal(1, scrape.Value("handle_time_seconds_bucket", ("le", "0.0001")));
        Assert.Equal(2, scrape.Value("handle_time_seconds_bucket", ("le", "0.005")));
        Assert.Equal(2, scrape.Value("handle_time_seconds_bucket", ("le", "10")));
        Assert.Equal(3, scrape.Value("handle_time_seconds_count"));
        Assert.Equal(60.00305, scrape.Value("handle_time_seconds_sum"), 9);
    }

    [Fact]
    public void Histogram_of_longs_keeps_an_exact_integer_sum_when_values_are_integral()
    {
        using var exporter = new PrometheusExporter(_meter);
        var sizes = _meter.CreateHistogram<long>("frame.size", "By", null, tags: null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = [100, 1000] });

        sizes.Record(100);
        sizes.Record(101);
        sizes.Record(5000);

        var text = exporter.Render();
        PrometheusText.Parse(text);
        Assert.Contains("frame_size_bytes_bucket{le=\"100\"} 1\n", text);
        Assert.Contains("frame_size_bytes_bucket{le=\"1000\"} 2\n", text);
        Assert.Contains("frame_size_bytes_sum 5201\n", text);
    }

    [Fact]
    public void ObservableGauge_is_read_at_render_time_when_rendered()
    {
        using var exporter = new PrometheusExporter(_meter);
        var topics = 10;
        var calls = 0;
        _meter.CreateObservableGauge("topics", () =>
        {
            calls++;
            return new Measurement<int>(topics, Tag("cluster", "DefaultCluster"));
        });

        Assert.Equal(10, Scrape(exporter).Value("topics", ("cluster", "DefaultCluster")));
        topics = 42;
        Assert.Equal(42, Scrape(exporter).Value("topics", ("cluster", "DefaultCluster")));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Observable_instruments_show_only_the_latest_observation_when_series_go_away()
    {
        using var exporter = new PrometheusExporter(_meter);
        string[] brokers = ["broker-a", "broker-b"];
        _meter.CreateObservableUpDownCounter("broker.topics",
            () => brokers.Select(b => new Measurement<long>(b.Length, Tag("broker", b))));
        _meter.CreateObservableCounter("bytes.read", () => 123.5, "By");

        var first = Scrape(exporter);
        brokers = ["broker-b"];
        var second = Scrape(exporter);

        Assert.Equal(2, first.Family("broker_topics").Samples.Count);
        Assert.Equal("gauge", second.Family("broker_topics").Type);
        Assert.Equal(8, second.Value("broker_topics", ("broker", "broker-b")));
        Assert.Single(second.Family("broker_topics").Samples);
        Assert.Equal("counter", second.Family("bytes_read_bytes_total").Type);
        Assert.Equal(123.5, second.Value("bytes_read_bytes_total"));
    }

    [Fact]
    public void Exporter_counts_observation_errors_and_renders_the_rest_when_a_callback_throws()
    {
        using var exporter = new PrometheusExporter(_meter);
        _meter.CreateObservableGauge("broken", new Func<int>(() => throw new InvalidOperationException("boom")));
        _meter.CreateObservableGauge("fine", () => 1);

        var scrape = Scrape(exporter);

        Assert.Equal(1, scrape.Value("fine"));
        Assert.False(scrape.HasFamily("broken"));
        Assert.Equal(1, scrape.Value("metrics_observation_errors_total"));
    }

    [Fact]
    public void Gauge_exports_the_last_value_when_recorded_several_times()
    {
        using var exporter = new PrometheusExporter(_meter);
        var gauge = _meter.CreateGauge<double>("queue.depth");
        var intGauge = _meter.CreateGauge<int>("threads");

        gauge.Record(5, Tag("queue", "a"));
        gauge.Record(2.5, Tag("queue", "a"));
        gauge.Record(7, Tag("queue", "b"));
        intGauge.Record(4);
        intGauge.Record(-3);

        var scrape = Scrape(exporter);
        Assert.Equal("gauge", scrape.Family("queue_depth").Type);
        Assert.Equal(2.5, scrape.Value("queue_depth", ("queue", "a")));
        Assert.Equal(7, scrape.Value("queue_depth", ("queue", "b")));
        Assert.Equal(-3, scrape.Value("threads"));
    }

    [Theory]
    [InlineData("nameserver.requests", "{request}", "counter", "nameserver_requests_total")]
    [InlineData("requests_total", "{request}", "counter", "requests_total")]
    [InlineData("requests_total", "s", "counter", "requests_seconds_total")]
    [InlineData("request.duration", "s", "histogram", "request_duration_seconds")]
    [InlineData("request.duration_seconds", "s", "histogram", "request_duration_seconds")]
    [InlineData("request-latency", "ms", "histogram", "request_latency_milliseconds")]
    [InlineData("seconds", "s", "gauge", "seconds")]
    [InlineData("bytes.sent", "By", "counter", "bytes_sent_bytes_total")]
    [InlineData("memory", "By", "updown", "memory_bytes")]
    [InlineData("throughput", "By/s", "gauge", "throughput_bytes_per_second")]
    [InlineData("cpu", "1", "gauge", "cpu")]
    [InlineData("no.unit", null, "gauge", "no_unit")]
    [InlineData("2xx responses/µs", "{response}", "updown", "_2xx_responses__s")]
    [InlineData("ns:route.lookups", "{lookup}", "counter", "ns:route_lookups_total")]
    public void Family_name_is_sanitized_with_unit_and_total_suffixes_when_exported(
        string name, string? unit, string kind, string expected)
    {
        using var exporter = new PrometheusExporter(_meter);
        switch (kind)
        {
            case "counter":
                _meter.CreateCounter<long>(name, unit).Add(1);
                break;
            case "updown":
                _meter.CreateUpDownCounter<long>(name, unit).Add(1);
                break;
            case "gauge":
                _meter.CreateGauge<long>(name, unit).Record(1);
                break;
            default:
                _meter.CreateHistogram<double>(name, unit).Record(1);
                break;
        }

        Assert.Equal([expected], Scrape(exporter).FamilyNames);
    }

    [Fact]
    public void Labels_and_help_are_escaped_when_they_contain_special_characters()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("escapes", null, "Line one\nback\\slash \"quoted\"",
            [Tag("instance.id", "node-1")]);

        counter.Add(1, Tag("path", "C:\\dir\\\"x\"\nnext"), Tag("broker-name", null), Tag("le:x", 7));

        var text = exporter.Render();
        Assert.Contains("# HELP escapes_total Line one\\nback\\\\slash \"quoted\"\n", text);
        Assert.Contains(
            "escapes_total{broker_name=\"\",instance_id=\"node-1\",le_x=\"7\",path=\"C:\\\\dir\\\\\\\"x\\\"\\nnext\"} 1\n",
            text);
        var scrape = PrometheusText.Parse(text);
        Assert.Equal("Line one\nback\\slash \"quoted\"", scrape.Family("escapes_total").Help);
        Assert.Equal(1, scrape.Value("escapes_total",
            ("broker_name", ""), ("instance_id", "node-1"), ("le_x", "7"), ("path", "C:\\dir\\\"x\"\nnext")));
    }

    [Fact]
    public void Measurement_tags_override_instrument_tags_when_names_collide()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("overrides", null, null, [Tag("zone", "a"), Tag("role", "primary")]);

        counter.Add(1, Tag("zone", "b"));

        Assert.Equal(1, Scrape(exporter).Value("overrides_total", ("role", "primary"), ("zone", "b")));
    }

    [Fact]
    public void Histogram_renames_a_le_tag_when_it_would_clash_with_the_bucket_label()
    {
        using var exporter = new PrometheusExporter(_meter);
        var histogram = _meter.CreateHistogram<double>("clash", "s");

        histogram.Record(1, Tag("le", "mine"));

        var scrape = Scrape(exporter);
        Assert.Equal(1, scrape.Value("clash_seconds_count", ("exported_le", "mine")));
    }

    [Fact]
    public void Tag_values_of_different_types_share_a_series_when_they_render_the_same()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("typed");

        counter.Add(1, Tag("id", 1));
        counter.Add(2, Tag("id", 1L));
        counter.Add(4, Tag("id", "1"));
        counter.Add(8, Tag("ratio", 0.5));
        counter.Add(16, Tag("flag", true));

        var scrape = Scrape(exporter);
        Assert.Equal(7, scrape.Value("typed_total", ("id", "1")));
        Assert.Equal(8, scrape.Value("typed_total", ("ratio", "0.5")));
        Assert.Equal(16, scrape.Value("typed_total", ("flag", "true")));
    }

    [Fact]
    public void Values_are_printed_in_round_trip_form_when_they_are_special_or_fractional()
    {
        using var exporter = new PrometheusExporter(_meter);
        var gauge = _meter.CreateGauge<double>("special");

        gauge.Record(double.PositiveInfinity, Tag("v", "pinf"));
        gauge.Record(double.NegativeInfinity, Tag("v", "ninf"));
        gauge.Record(double.NaN, Tag("v", "nan"));
        gauge.Record(0.1, Tag("v", "tenth"));
        gauge.Record(1e-7, Tag("v", "tiny"));
        gauge.Record(1.0 / 3, Tag("v", "third"));
        gauge.Record(123456789012, Tag("v", "big"));

        var text = exporter.Render();
        var scrape = PrometheusText.Parse(text);
        Assert.Contains("special{v=\"pinf\"} +Inf\n", text);
        Assert.Contains("special{v=\"ninf\"} -Inf\n", text);
        Assert.Contains("special{v=\"nan\"} NaN\n", text);
        Assert.Contains("special{v=\"tenth\"} 0.1\n", text);
        Assert.Contains("special{v=\"big\"} 123456789012\n", text);
        Assert.Equal(1e-7, scrape.Value("special", ("v", "tiny")));
        Assert.Equal(1.0 / 3, scrape.Value("special", ("v", "third")));
    }

    [Fact]
    public void Exporter_orders_families_by_name_and_series_by_labels_when_recorded_in_another_order()
    {
        using var exporter = new PrometheusExporter(_meter);
        var zebra = _meter.CreateCounter<long>("zebra");
        var alpha = _meter.CreateGauge<long>("alpha");

        zebra.Add(1, Tag("k", "b"));
        zebra.Add(1, Tag("k", "a"));
        zebra.Add(1, Tag("k", "c"));
        alpha.Record(1);

        var scrape = Scrape(exporter);
        Assert.Equal(["alpha", "zebra_total"], scrape.FamilyNames);
        Assert.Equal(["a", "b", "c"], scrape.Family("zebra_total").Samples.Select(s => s.Labels["k"]));
    }

    [Fact]
    public void WriteTo_writes_the_same_utf8_as_Render_when_given_a_buffer_writer()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("utf8", null, "Zählt Anfragen ✓");
        counter.Add(1, Tag("topic", "Thema-ü"));

        var buffer = new ArrayBufferWriter<byte>(16);
        exporter.WriteTo(buffer);

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Equal(exporter.Render(), text);
        PrometheusText.Parse(text);
        Assert.Contains("utf8_total{topic=\"Thema-ü\"} 1\n", text);
    }

    [Fact]
    public void Exporter_keeps_meters_with_the_same_name_apart_when_given_one_of_them()
    {
        using var otherMeter = new Meter(_meter.Name);
        using var mine = new PrometheusExporter(_meter);
        using var theirs = new PrometheusExporter(otherMeter);
        _meter.CreateCounter<long>("requests").Add(1);
        otherMeter.CreateCounter<long>("requests").Add(100);

        Assert.Equal(1, Scrape(mine).Value("requests_total"));
        Assert.Equal(100, Scrape(theirs).Value("requests_total"));
    }

    [Fact]
    public void Exporter_picks_up_instruments_when_they_are_created_before_or_after_it()
    {
        var before = _meter.CreateCounter<long>("before");
        before.Add(5);
        using var exporter = new PrometheusExporter(_meter);
        before.Add(1);
        var after = _meter.CreateCounter<long>("after");

        after.Add(2);

        var scrape = Scrape(exporter);
        Assert.Equal(1, scrape.Value("before_total"));
        Assert.Equal(2, scrape.Value("after_total"));
    }

    [Fact]
    public void Exporter_drops_a_meters_families_when_the_meter_is_disposed()
    {
        var shortLived = new Meter("NameServer.Actors.Tests.ShortLived");
        using var exporter = new PrometheusExporter(_meter, shortLived);
        _meter.CreateCounter<long>("stays").Add(1);
        shortLived.CreateCounter<long>("goes").Add(1);
        shortLived.CreateObservableGauge("goes.too", () => 1);
        Assert.Equal(["goes_too", "goes_total", "stays_total"], Scrape(exporter).FamilyNames);

        shortLived.Dispose();

        Assert.Equal(["stays_total"], Scrape(exporter).FamilyNames);
    }

    [Fact]
    public void Exporter_stops_listening_when_disposed()
    {
        var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("late");

        exporter.Dispose();
        counter.Add(1);

        Assert.False(counter.Enabled);
        Assert.Throws<ObjectDisposedException>(() => exporter.Render());
    }

    [Fact]
    public void Exporter_renders_nothing_when_no_instrument_has_measurements()
    {
        using var exporter = new PrometheusExporter(_meter);
        _meter.CreateCounter<long>("idle");

        Assert.Equal("", exporter.Render());
    }

    [Fact]
    public async Task Counter_sums_exactly_when_several_threads_add_concurrently()
    {
        using var exporter = new PrometheusExporter(_meter);
        var longs = _meter.CreateCounter<long>("concurrent.longs");
        var doubles = _meter.CreateCounter<double>("concurrent.doubles");
        var histogram = _meter.CreateHistogram<double>("concurrent.histogram", "s");
        const int Threads = 4;
        const int PerThread = 50_000;
        string[] codes = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];

        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                // Twelve codes: past the linear scan, so series are found through the hash index while being added.
                var code = codes[(i + t) % codes.Length];
                longs.Add(1, Tag("code", code), Tag("thread", "any"));
                doubles.Add(0.5, Tag("code", code));
                histogram.Record(i % 7 * 0.001);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        var scrape = Scrape(exporter);
        Assert.Equal(12, scrape.Family("concurrent_longs_total").Samples.Count);
        Assert.Equal((double)Threads * PerThread, scrape.Family("concurrent_longs_total").Samples.Sum(s => s.Value));
        Assert.Equal(Threads * PerThread * 0.5, scrape.Family("concurrent_doubles_total").Samples.Sum(s => s.Value));
        Assert.Equal(Threads * PerThread, scrape.Value("concurrent_histogram_seconds_count"));
    }

    [Fact]
    public void Counter_add_allocates_nothing_when_the_series_already_exists()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("no.alloc");
        var histogram = _meter.CreateHistogram<double>("no.alloc.histogram", "s");
        var code = Tag("code", "GET_ROUTE");
        var result = Tag("result", "ok");
        for (var i = 0; i < 1000; i++)
        {
            counter.Add(1, code, result);
            histogram.Record(0.001, code);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, code, result);
            histogram.Record(0.001, code);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11_000, Scrape(exporter).Value("no_alloc_total", ("code", "GET_ROUTE"), ("result", "ok")));
    }

    [Fact]
    public void Exporter_drops_and_counts_measurements_when_an_instrument_reaches_the_series_cap()
    {
        using var exporter = new PrometheusExporter(maxSeriesPerInstrument: 3, _meter);
        var counter = _meter.CreateCounter<long>("capped");
        var histogram = _meter.CreateHistogram<double>("capped.histogram", "s");
        Assert.False(Scrape(exporter).HasFamily("metrics_dropped_series_total"));

        for (var i = 0; i < 5; i++)
        {
            counter.Add(1, Tag("topic", $"t{i}"));
        }

        counter.Add(1, Tag("topic", "t0"));
        counter.Add(1, Tag("topic", "t4"));
        histogram.Record(1, Tag("topic", "t9"));

        var scrape = Scrape(exporter);
        Assert.Equal(["t0", "t1", "t2"], scrape.Family("capped_total").Samples.Select(s => s.Labels["topic"]));
        Assert.Equal(2, scrape.Value("capped_total", ("topic", "t0")));
        Assert.Equal(3, scrape.Value("metrics_dropped_series_total"));
        Assert.Equal("counter", scrape.Family("metrics_dropped_series_total").Type);
    }

    [Fact]
    public void Exporter_caps_series_when_tag_sets_pass_the_linear_scan_limit()
    {
        using var exporter = new PrometheusExporter(maxSeriesPerInstrument: 100, _meter);
        var counter = _meter.CreateCounter<long>("many");

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 150; i++)
            {
                counter.Add(1, Tag("id", i), Tag("kind", i % 2 == 0 ? "even" : "odd"));
            }
        }

        var scrape = Scrape(exporter);
        var samples = scrape.Family("many_total").Samples;
        Assert.Equal(100, samples.Count);
        Assert.All(samples, s => Assert.Equal(3, s.Value));
        Assert.Equal(150, scrape.Value("metrics_dropped_series_total"));
    }
}
