using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>
/// Reads a metric's CSV answer as a spreadsheet would (RFC 4180) and checks that it holds the
/// figures of the JSON answer read at the same moment, value for value, and no other. The two shapes (README, "Metrics as
/// CSV"): a series is one row per month, its columns the dotted JSON paths of a month; a dashboard is the long table
/// <c>figure,breakdown,value,currency</c>, a list's items told apart in <c>breakdown</c> by their first property.
/// </summary>
public static class MetricCsvAgreesWithJson
{
    private static readonly string[] FigureColumns = ["figure", "breakdown", "value", "currency"];

    public static void Check(string name, string json, string csv)
    {
        // The byte order mark (tested with the negotiation) is taken off by the reader, as a spreadsheet does.
        var table = Parse(csv.TrimStart('\uFEFF'));
        using var document = JsonDocument.Parse(json);
        var answer = document.RootElement;
        if (table[0].SequenceEqual(FigureColumns)) CheckFigures(name, FiguresOf(name, answer), table);
        else CheckRows(name, answer.GetProperty("months"), table);
    }

    /// <summary>The part of each answer its CSV holds: the figures, without the ids, the period asked for and the freshness.</summary>
    private static Dictionary<string, JsonElement> FiguresOf(string name, JsonElement answer)
    {
        IEnumerable<string> properties = name switch
        {
            Reads.PartnerA or Reads.PartnerB or Reads.PartnerC => [],
            Reads.Hamar or Reads.Gjovik => ["hiresLocatedHere"],
            Reads.Retention => ["asOf", "cohorts", "months", "accompanyingPartnerEmployment"],
            Reads.Goals => ["asOf", "talentBase", "hires"],
            Reads.TargetMarketsBothYears or Reads.TargetMarkets2026 => ["from", "to", "registrationsScope", "registrations", "hires"],
            _ => throw new ArgumentException($"No CSV figures known for {name}."),
        };
        var figures = answer.TryGetProperty("figures", out var nested) ? nested.EnumerateObject().ToDictionary(p => p.Name, p => p.Value) : [];
        foreach (var property in properties) figures[property] = answer.GetProperty(property);
        return figures;
    }

    private static void CheckFigures(string name, Dictionary<string, JsonElement> figures, List<string[]> table)
    {
        var csv = new Dictionary<(string Figure, string Breakdown), (string Value, string Currency)>();
        foreach (var row in table.Skip(1))
        {
            row.Length.ShouldBe(4, name);
            csv.Add((row[0], row[1]), (row[2], row[3]));
        }

        var leaves = new List<(string Figure, string Breakdown, JsonElement Value)>();
        foreach (var (property, value) in figures) Leaves(value, property, "", leaves);
        foreach (var (figure, breakdown, value) in leaves)
        {
            csv.TryGetValue((figure, breakdown), out var cell).ShouldBeTrue($"{name}: no row for {figure} [{breakdown}]");
            if (IsMoney(value))
            {
                ShouldBeTheSameValue(cell.Value, value.GetProperty("amount"), $"{name}: {figure} [{breakdown}]");
                cell.Currency.ShouldBe(value.GetProperty("currency").GetString(), $"{name}: {figure} [{breakdown}]");
            }
            else
            {
                ShouldBeTheSameValue(cell.Value, value, $"{name}: {figure} [{breakdown}]");
                cell.Currency.ShouldBe("", $"{name}: {figure} [{breakdown}]");
            }
        }
        csv.Count.ShouldBe(leaves.Count, $"{name}: rows that are no figure of the JSON");
    }

    private static void CheckRows(string name, JsonElement months, List<string[]> table)
    {
        var header = table[0];
        var rows = table.Skip(1).ToList();
        rows.Count.ShouldBe(months.GetArrayLength(), $"{name}: one row per month");
        foreach (var (row, month) in rows.Zip(months.EnumerateArray()))
        {
            var leaves = new List<(string Figure, string Breakdown, JsonElement Value)>();
            foreach (var property in month.EnumerateObject()) Leaves(property.Value, property.Name, "", leaves);
            header.ShouldBe(leaves.Select(l => l.Figure), $"{name}: a column per figure of a month");
            foreach (var (cell, leaf) in row.Zip(leaves)) ShouldBeTheSameValue(cell, leaf.Value, $"{name}: {leaf.Figure} of {row[0]}");
        }
    }

    // Every single value of the JSON with its path; money is one value; a list's item is named by its first property.
    private static void Leaves(JsonElement json, string figure, string breakdown, List<(string, string, JsonElement)> leaves)
    {
        if (json.ValueKind == JsonValueKind.Object && !IsMoney(json))
        {
            foreach (var property in json.EnumerateObject()) Leaves(property.Value, $"{figure}.{property.Name}", breakdown, leaves);
        }
        else if (json.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in json.EnumerateArray())
            {
                // Named by its first property, and by the text properties right after a text first one (a country and an area).
                var properties = item.EnumerateObject().ToList();
                var names = properties[0].Value.ValueKind == JsonValueKind.String
                    ? 1 + properties.Skip(1).TakeWhile(p => p.Value.ValueKind == JsonValueKind.String).Count()
                    : 1;
                var key = string.Join("; ", properties.Take(names).Select(p => $"{p.Name}={Text(p.Value)}"));
                var itemBreakdown = breakdown.Length == 0 ? key : $"{breakdown}; {key}";
                foreach (var property in properties.Skip(names)) Leaves(property.Value, $"{figure}.{property.Name}", itemBreakdown, leaves);
            }
        }
        else
        {
            leaves.Add((figure, breakdown, json));
        }
    }

    private static bool IsMoney(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.EnumerateObject().Select(p => p.Name).SequenceEqual(["amount", "currency"]);

    private static void ShouldBeTheSameValue(string cell, JsonElement json, string what)
    {
        if (json.ValueKind == JsonValueKind.Number)
        {
            decimal.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture).ShouldBe(json.GetDecimal(), what);
        }
        else
        {
            cell.ShouldBe(Text(json), what);
        }
    }

    private static string Text(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => json.GetRawText(),
    };

    /// <summary>
    /// RFC 4180: fields separated by commas, records ended by CRLF, a quoted field may hold commas, quotes (doubled) and
    /// line breaks.
    /// </summary>
    public static List<string[]> Parse(string csv)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        (field.Length + fields.Count).ShouldBe(0, "a CSV file ends with CRLF");
        return records;
    }
}
