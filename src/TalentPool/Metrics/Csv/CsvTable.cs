using System.Text;

namespace TalentPool.Metrics.Csv;

/// <summary>
/// One cell of a CSV table: its text as written, and whether it is text (which a spreadsheet could take for a formula)
/// or a value the service wrote itself (a number, a boolean, an ISO date), which is written as it is.
/// </summary>
public readonly record struct CsvCell(string Value, bool IsText)
{
    public static readonly CsvCell Empty = new("", false);

    /// <summary>A number, a boolean or another value already in its invariant form: never altered, so -3 stays a number.</summary>
    public static CsvCell Literal(string invariantText) => new(invariantText, false);

    public static CsvCell Text(string? text) => text is null ? Empty : new(text, true);
}

/// <summary>
/// A table written as RFC 4180 CSV: a header row, then one row per record, each line ended by CRLF; a field holding a
/// comma, a double quote, CR or LF is enclosed in double quotes, its quotes doubled. A text cell starting with
/// <c>= + - @</c>, a tab or CR is prefixed with an apostrophe (OWASP's guard against CSV formula injection), so a
/// spreadsheet shows it as text instead of running it; numbers are never prefixed.
/// </summary>
public sealed class CsvTable(IReadOnlyList<string> columns)
{
    private readonly List<IReadOnlyList<CsvCell>> _rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<IReadOnlyList<CsvCell>> Rows => _rows;

    public CsvTable Add(params IReadOnlyList<CsvCell> row)
    {
        if (row.Count != Columns.Count) throw new ArgumentException($"A row of {row.Count} cells in a table of {Columns.Count} columns.", nameof(row));
        _rows.Add(row);
        return this;
    }

    public override string ToString()
    {
        var csv = new StringBuilder();
        WriteLine(csv, Columns.Select(CsvCell.Text));
        foreach (var row in _rows) WriteLine(csv, row);
        return csv.ToString();
    }

    private static void WriteLine(StringBuilder csv, IEnumerable<CsvCell> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) csv.Append(',');
            first = false;
            csv.Append(Field(cell));
        }
        csv.Append("\r\n");
    }

    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];
    private static readonly char[] StartsAFormula = ['=', '+', '-', '@', '\t', '\r'];

    private static string Field(CsvCell cell)
    {
        var text = cell.IsText && cell.Value.Length > 0 && StartsAFormula.Contains(cell.Value[0]) ? "'" + cell.Value : cell.Value;
        return text.IndexOfAny(NeedsQuotes) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
    }
}
