using System.Globalization;
using System.Text.RegularExpressions;
using Alba;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>One answer of <c>/metrics</c> in Prometheus' text format, read into its series.</summary>
public sealed partial class PrometheusScrape
{
    public sealed record Series(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    private PrometheusScrape(string text, IReadOnlyList<Series> series)
    {
        Text = text;
        All = series;
    }

    public string Text { get; }
    public IReadOnlyList<Series> All { get; }

    public static async Task<PrometheusScrape> ReadAsync(IAlbaHost host)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url("/metrics");
            s.StatusCodeShouldBeOk();
        });
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("text/plain");
        return Parse(await result.ReadAsTextAsync());
    }

    /// <summary>
    /// Reads until <paramref name="holds"/> (at most 10 s): ASP.NET Core records a request's duration when it disposes the
    /// request, which can come a moment after the client has its answer.
    /// </summary>
    public static async Task<PrometheusScrape> ReadUntilAsync(IAlbaHost host, Func<PrometheusScrape, bool> holds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var scrape = await ReadAsync(host);
        while (!holds(scrape) && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
            scrape = await ReadAsync(host);
        }
        return scrape;
    }

    public static PrometheusScrape Parse(string text)
    {
        var series = new List<Series>();
        foreach (var line in text.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            var match = SeriesLine().Match(line);
            match.Success.ShouldBeTrue($"not a Prometheus series: {line}");
            var labels = Label().Matches(match.Groups["labels"].Value)
                .ToDictionary(label => label.Groups["name"].Value, label => label.Groups["value"].Value);
            series.Add(new Series(match.Groups["name"].Value, labels, Number(match.Groups["value"].Value)));
        }
        return new PrometheusScrape(text, series);
    }

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    /// <summary>The series of this name whose labels include these (other labels, such as the scope's, may be there too).</summary>
    public IEnumerable<Series> Named(string name, params (string Label, string Value)[] labels) =>
        All.Where(series => series.Name == name && labels.All(label => series.Labels.GetValueOrDefault(label.Label) == label.Value));

    /// <summary>The sum of the series of this name with these labels: 0 when there is none yet (a counter appears with its first count).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Named(name, labels).Sum(series => series.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
