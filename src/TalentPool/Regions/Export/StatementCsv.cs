using System.Text.Json;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Metrics.Csv;

namespace TalentPool.Regions.Export;

/// <summary>One statement line with the statement it is on: a row of a region's statements file.</summary>
public sealed record StatementCsvLine(
    BillingMonth Month,
    Guid PayerId,
    PayerKind PayerKind,
    string PayerName,
    bool Closed,
    Guid MemberId,
    string MemberName,
    LineKind Kind,
    Guid? HireId,
    string Description,
    Money Line,
    BillingMonth? Corrects,
    Money Total);

/// <summary>
/// A region's statements for a month as CSV (<c>GET /api/v1/regions/{regionId}/statements/{month}</c> in a table): one row per
/// line, payer by payer as the endpoint lists them, each row naming its statement (payer, closed) and the statement's total.
/// Written by the metrics' CSV writer (<see cref="CsvShapes"/>, <see cref="CsvTable"/>): the same format, byte order mark and
/// formula guard.
/// </summary>
public sealed class StatementCsv(Guid regionId, BillingMonth month, IReadOnlyList<Statement> statements) : ICsvFile
{
    public string FileName => $"region_{regionId}_statements_{month}.csv";

    public IEnumerable<StatementCsvLine> Lines => statements.SelectMany(statement => statement.Lines.Select(line => new StatementCsvLine(
        statement.Month, statement.PayerId, statement.PayerKind, statement.PayerName, statement.Closed,
        line.MemberId, line.MemberName, line.Kind, line.HireId, line.Description, line.Amount, line.Corrects, statement.Total)));

    public byte[] Body(JsonSerializerOptions options) =>
        [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(CsvShapes.Rows(Lines, options).ToString())];
}
