using System.Globalization;
using CsvHelper;
using FluentValidation;
using JasperFx.CommandLine;
using Marten;
using Spectre.Console;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Hosting.CommandLine;

namespace TalentPool.Talents.Import;

public sealed class ImportTalentsInput : NetCoreInput
{
    [Description("The CSV file: a header row naming the columns (README \"Importing talents\"), then one talent a row")]
    public string File { get; set; } = "";

    [Description("The region the talents register in (its id): a talent registers in one region, as with the Region-Id header")]
    public Guid? RegionFlag { get; set; }

    [Description("Also write the refused rows' errors to this CSV file (line,field,rule,message)")]
    public string? ReportFlag { get; set; }
}

/// <summary>
/// <c>import-talents talents.csv --region {regionId} [--report errors.csv]</c> registers the file's talents through the registration's own rules
/// (<see cref="TalentImport"/>) and prints one JSON line with the counts on stdout; a refused row is named on stderr by its line,
/// field and rule (and in <c>--report</c>), an address already registered is reported as such, not as an error. Exit 0: every
/// row imported or already there; 2: some rows refused (the others imported: fix them and run the same file again); 1: the file
/// could not be imported at all (unreadable, a column unknown or missing, the database), with nothing on stdout.
/// </summary>
[Description("Import talents from a CSV file, each row as POST /api/v1/talents registers it", Name = Name)]
public sealed class ImportTalentsCommand : JasperFxAsyncCommand<ImportTalentsInput>
{
    public const string Name = "import-talents";
    public const int SomeRowsRefused = 2;

    // Far larger than any row the registration accepts (about 10,000 characters in all): a longer cell is refused by the
    // validator with its field named, while a runaway quote cannot make the reader buffer the rest of the file as one row.
    private const int LongestRow = 1024 * 1024;

    public ImportTalentsCommand()
    {
        Usage("Import talents from a CSV file").Arguments(x => x.File);
    }

    public override async Task<bool> Execute(ImportTalentsInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            OperatorConsole.Say($"No file {input.File}.");
            return false;
        }

        if (input.RegionFlag is not { } regionId)
        {
            OperatorConsole.Say("Name the region the talents register in: --region <region id>.");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.QuerySession(RegionTenancy.TenantOf(regionId)))
        {
            if (await session.LoadAsync<Regions.Region>(regionId) is null)
            {
                OperatorConsole.Say($"No region {regionId}.");
                return false;
            }
        }
        var import = new TalentImport(store, host.Services.GetRequiredService<IValidator<RegisterTalent>>(),
            host.Services.GetRequiredService<TimeProvider>(), Path.GetFileName(input.File), regionId);

        await using var report = input.ReportFlag is null ? null : new ErrorReport(input.ReportFlag);
        import.Rejected += error =>
        {
            OperatorConsole.Say($"line {error.Line}: {error.Field}: {error.Message} ({error.Rule})");
            report?.Add(error);
        };
        import.AlreadyImported += (line, email) => OperatorConsole.Say($"line {line}: already imported ({email} is registered)");

        TalentImportCounts counts;
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            // Scanning runs ahead of reading: a malformed record is reported (by its number, the header counting as 1) before
            // it is read, and refused when it is.
            var malformed = new HashSet<long>();
            using var csv = CsvReader.FromFile(input.File, new CsvReaderOptions
            {
                Separator = ',',
                HasHeader = true,
                TrackLineNumbers = true,
                MaxRecordSize = LongestRow,
                OnMalformedRecord = record => malformed.Add(record.RecordNumber),
            });
            var rows = Rows(csv, malformed);
            if (!OperatorConsole.ShowsProgressBars)
            {
                import.RowsDone += done => { if (done % 10_000 == 0) OperatorConsole.Say($"{done:N0} rows read"); };
                counts = await import.ImportAsync(rows, CancellationToken.None);
            }
            else
            {
                var size = Math.Max(1, new FileInfo(input.File).Length);
                counts = await AnsiConsole.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask($"Importing {Markup.Escape(Path.GetFileName(input.File))}", maxValue: size);
                        import.RowsDone += _ => task.Value = csv.ByteOffset;
                        var result = await import.ImportAsync(rows, CancellationToken.None);
                        task.Value = task.MaxValue;
                        return result;
                    });
            }
        }
        catch (Exception e) when (e is InvalidDataException or CsvFormatException or IOException)
        {
            OperatorConsole.Say($"The file could not be imported: {e.Message}");
            return false;
        }

        OperatorConsole.Say($"{counts.Imported:N0} imported, {counts.AlreadyImported:N0} already imported, {counts.Rejected:N0} refused");
        OperatorConsole.WriteResultJson(counts);
        if (counts.Rejected > 0) OperatorConsole.FinishWith(SomeRowsRefused);
        return true;
    }

    /// <summary>The file's rows, read one at a time (a file of any size streams); the header is checked first.</summary>
    private static IEnumerable<TalentImportRow> Rows(CsvReader csv, HashSet<long> malformed)
    {
        var header = csv.Headers.ToArray();
        if (header.Length == 0) throw new InvalidDataException("The file is empty: it needs a header row naming the columns.");
        if (TalentCsvRow.HeaderProblems(header) is { Count: > 0 } problems) throw new InvalidDataException(string.Join(" ", problems));
        var columns = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);

        while (csv.Read())
        {
            // The line the row starts on, counting the lines inside quoted cells: what an editor shows.
            var line = csv.LineNumber;
            var cells = new string?[csv.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i);
            var unreadable = malformed.Remove(csv.RowNumber + 1)
                ? new RowError(line, "(row)", "Rfc4180", "A quote inside an unquoted cell, or text after a closing quote: quote the whole cell and double its quotes.")
                : cells.Length != header.Length
                    ? new RowError(line, "(row)", "CellCount", $"The row has {cells.Length} cells, the header {header.Length}: every row has a cell for every column.")
                    : null;
            yield return new TalentImportRow(line, column => columns.TryGetValue(column, out var index) && index < cells.Length ? cells[index] : null, unreadable);
        }
    }

    /// <summary><c>--report</c>: the refused rows' errors as CSV, written as they are found.</summary>
    private sealed class ErrorReport : IAsyncDisposable
    {
        private readonly FileStream _file;
        private readonly CsvWriter _writer;

        public ErrorReport(string path)
        {
            _file = System.IO.File.Create(path);
            _writer = CsvWriter.Create(_file, leaveOpen: true);
            _writer.WriteRecord(["line", "field", "rule", "message"]);
        }

        public void Add(RowError error) =>
            _writer.WriteRecord([error.Line.ToString(CultureInfo.InvariantCulture), error.Field, error.Rule, error.Message]);

        public async ValueTask DisposeAsync()
        {
            await _writer.FlushAsync();
            await _writer.DisposeAsync();
            await _file.DisposeAsync();
        }
    }
}
