using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TalentPool.Metrics.Csv;

/// <summary>
/// The two shapes a metric answer takes as CSV, both read from the answer's JSON form (the service's own serializer
/// options), so a column or figure is named exactly as in JSON and every value is written as JSON writes it: numbers
/// in invariant form with '.' decimals, dates and months ISO 8601 (yyyy-MM-dd, yyyy-MM), instants with their offset,
/// enums by name, booleans true/false, null as an empty cell.
/// </summary>
public static class CsvShapes
{
    /// <summary>
    /// A table of one row per item, with a column per JSON property of the item's type, in declaration order; a nested
    /// object becomes dotted columns (money: <c>fee.amount</c>, <c>fee.currency</c>). The header is there with no rows.
    /// An item holding a list cannot be one row: give the list rows of its own.
    /// </summary>
    public static CsvTable Rows<TRow>(IEnumerable<TRow> rows, JsonSerializerOptions options)
    {
        var columns = ColumnsOf(options.GetTypeInfo(typeof(TRow)), []);
        var table = new CsvTable([.. columns.Select(path => string.Join('.', path))]);
        foreach (var row in rows)
        {
            var json = JsonSerializer.SerializeToElement(row, options);
            table.Add([.. columns.Select(path => Cell(At(json, path)))]);
        }
        return table;
    }

    public static readonly IReadOnlyList<string> FigureColumns = ["figure", "breakdown", "value", "currency"];

    /// <summary>
    /// A long table of a dashboard's figures, one number (or date) a row: <c>figure</c> is its JSON path
    /// (<c>hiresThisYear.samePeriodLastYear</c>); a list's items are told apart in <c>breakdown</c> by their first property
    /// (and, when that is text, the text properties right after it: <c>country=IN; competenceArea=Nursing</c>)
    /// (<c>stage=Interview</c>, <c>months=6</c>, <c>month=2026-01</c>), the rest of the item giving the figures; money
    /// (an object of <c>amount</c> and <c>currency</c>) is one row with <c>currency</c> set. An empty list gives no row.
    /// </summary>
    public static CsvTable Figures<TFigures>(TFigures figures, JsonSerializerOptions options)
    {
        var table = new CsvTable(FigureColumns);
        AddFigures(table, JsonSerializer.SerializeToElement(figures, options), "", "");
        return table;
    }

    private static List<string[]> ColumnsOf(JsonTypeInfo type, string[] prefix)
    {
        var columns = new List<string[]>();
        foreach (var property in type.Properties)
        {
            string[] path = [.. prefix, property.Name];
            var info = type.Options.GetTypeInfo(property.PropertyType);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object: columns.AddRange(ColumnsOf(info, path)); break;
                case JsonTypeInfoKind.None: columns.Add(path); break;
                default: throw new NotSupportedException($"'{string.Join('.', path)}' of {type.Type.Name} is a list: a CSV row holds single values.");
            }
        }
        return columns;
    }

    private static JsonElement? At(JsonElement json, string[] path)
    {
        foreach (var name in path)
        {
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out json)) return null;
        }
        return json;
    }

    private static void AddFigures(CsvTable table, JsonElement json, string figure, string breakdown)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object when IsMoney(json, out var amount, out var currency):
                table.Add(CsvCell.Text(figure), CsvCell.Text(breakdown), Cell(amount), Cell(currency));
                break;
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject()) AddFigures(table, property.Value, Path(figure, property.Name), breakdown);
                break;
            case JsonValueKind.Array:
                foreach (var item in json.EnumerateArray()) AddItem(table, item, figure, breakdown);
                break;
            default:
                table.Add(CsvCell.Text(figure), CsvCell.Text(breakdown), Cell(json), CsvCell.Empty);
                break;
        }
    }

    // An item's first property names it (a stage, a month, a competence area); when that is text, so do the text properties
    // right after it (a country and a competence area name one cell of a table: "country=IN; competenceArea=Nursing"), else
    // one count would not say which cell it is. The others are its figures.
    private static void AddItem(CsvTable table, JsonElement item, string figure, string breakdown)
    {
        var properties = item.ValueKind == JsonValueKind.Object ? item.EnumerateObject().ToList() : [];
        if (properties.Count < 2 || properties[0].Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            AddFigures(table, item, figure, breakdown);
            return;
        }
        var names = properties[0].Value.ValueKind == JsonValueKind.String
            ? 1 + properties.Skip(1).TakeWhile(p => p.Value.ValueKind == JsonValueKind.String).Count()
            : 1;
        names = Math.Min(names, properties.Count - 1);
        var key = string.Join("; ", properties.Take(names).Select(p => $"{p.Name}={Cell(p.Value).Value}"));
        var itemBreakdown = breakdown.Length == 0 ? key : $"{breakdown}; {key}";
        foreach (var property in properties.Skip(names)) AddFigures(table, property.Value, Path(figure, property.Name), itemBreakdown);
    }

    private static bool IsMoney(JsonElement json, out JsonElement amount, out JsonElement currency)
    {
        currency = default;
        return json.TryGetProperty("amount", out amount) && amount.ValueKind == JsonValueKind.Number
            && json.TryGetProperty("currency", out currency) && currency.ValueKind == JsonValueKind.String
            && json.EnumerateObject().Count() == 2;
    }

    private static string Path(string figure, string name) => figure.Length == 0 ? name : $"{figure}.{name}";

    private static CsvCell Cell(JsonElement? json) => json?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => CsvCell.Empty,
        JsonValueKind.Number => CsvCell.Literal(json.Value.GetRawText()),
        JsonValueKind.True => CsvCell.Literal("true"),
        JsonValueKind.False => CsvCell.Literal("false"),
        JsonValueKind.String => CsvCell.Text(json.Value.GetString()),
        _ => throw new NotSupportedException("A CSV cell holds a single value, not an object or a list."),
    };
}
