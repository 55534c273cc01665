using FluentValidation;
using Marten;
using Npgsql;

using TalentPool.Hosting;

namespace TalentPool.Talents.Import;

/// <summary>What an import did, row by row summed up: the result <c>import-talents</c> prints.</summary>
public sealed record TalentImportCounts(long Imported, long AlreadyImported, long Rejected);

/// <summary>A row read from the file: its first line, and its cells by column; or why it could not be read as a row.</summary>
public sealed record TalentImportRow(long Line, Func<string, string?> Cell, RowError? Unreadable = null);

/// <summary>
/// Registers talents from rows exactly as <c>POST /api/v1/talents</c> does: <see cref="RegisterTalentValidator"/> (the
/// endpoint's validator), then <see cref="TalentDecisions.Register"/> (its decision), and the stream it starts with the
/// <see cref="TalentRegistered"/> that decision returns; the unique e-mail address (the store's index
/// <see cref="TalentsConfiguration.UniqueEmailIndex"/>) is checked before appending. A refused row appends nothing and
/// does not stop the others. Rows are appended <see cref="BatchSize"/> to a transaction, the inline projections (the
/// talent, the shared base, the profile view) written with them as behind the API.
/// </summary>
public sealed class TalentImport(IDocumentStore store, IValidator<RegisterTalent> validator, TimeProvider clock, string source, Guid regionId)
{
    public const string ImportedBy = "import-talents";
    public const int BatchSize = 500;

    private readonly List<(long Line, RegisterTalent Registration, string Email)> _pending = [];
    // E-mail address (as the unique index compares it: lower case) → the line that first gave it in this file.
    private readonly Dictionary<string, long> _seen = [];
    private long _imported, _alreadyImported, _rejected;

    public event Action<RowError>? Rejected;
    public event Action<long, string>? AlreadyImported;
    public event Action<long>? RowsDone;

    public async Task<TalentImportCounts> ImportAsync(IEnumerable<TalentImportRow> rows, CancellationToken cancellation)
    {
        long done = 0;
        foreach (var row in rows)
        {
            await TakeAsync(row, cancellation);
            if (_pending.Count >= BatchSize) await FlushAsync(cancellation);
            RowsDone?.Invoke(++done);
        }
        await FlushAsync(cancellation);
        return new TalentImportCounts(_imported, _alreadyImported, _rejected);
    }

    private async Task TakeAsync(TalentImportRow row, CancellationToken cancellation)
    {
        var (registration, errors) = row.Unreadable is { } unreadable ? (null, [unreadable]) : TalentCsvRow.Read(row.Line, row.Cell);
        if (registration is not null)
        {
            var validation = await validator.ValidateAsync(registration, cancellation);
            errors = [.. validation.Errors.Select(e => new RowError(row.Line, TalentCsvRow.ColumnOf(e.PropertyName), RuleOf(e), e.ErrorMessage))];
        }
        if (errors.Count == 0)
        {
            var email = registration!.Email.Trim().ToLowerInvariant();
            if (_seen.TryGetValue(email, out var firstLine))
            {
                errors = [new RowError(row.Line, "email", "Unique", $"The e-mail address is on line {firstLine} already: one talent per address.")];
            }
            else
            {
                _seen[email] = row.Line;
                _pending.Add((row.Line, registration, email));
                return;
            }
        }
        _rejected++;
        foreach (var error in errors) Rejected?.Invoke(error);
    }

    private async Task FlushAsync(CancellationToken cancellation)
    {
        if (_pending.Count == 0) return;
        try
        {
            await AppendAsync(cancellation);
        }
        catch (Exception e) when (IsUniqueEmailViolation(e))
        {
            // Registered through the API since the check: check again, and append the rest.
            await AppendAsync(cancellation);
        }
        _pending.Clear();
    }

    private async Task AppendAsync(CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(RegionTenancy.TenantOf(regionId));
        session.LastModifiedBy = ImportedBy;
        session.CorrelationId = $"{ImportedBy}:{source}";
        var emails = _pending.Select(p => p.Email).ToArray();
        var registered = (await session.Query<Talent>()
                .Where(t => emails.Contains(t.Personal.Email.ToLower()))
                .Select(t => t.Personal.Email)
                .ToListAsync(cancellation))
            .Select(email => email.ToLowerInvariant())
            .ToHashSet();

        long imported = 0, already = 0;
        var alreadyLines = new List<(long, string)>();
        foreach (var (line, registration, email) in _pending)
        {
            if (registered.Contains(email))
            {
                already++;
                alreadyLines.Add((line, registration.Email.Trim()));
                continue;
            }
            var talentRegistered = TalentDecisions.Register(registration, Guid.CreateVersion7(), clock.GetUtcNow());
            session.Events.StartStream<Talent>(talentRegistered.TalentId, talentRegistered);
            imported++;
        }
        await session.SaveChangesAsync(cancellation);

        // Counted once the transaction committed: a retried batch is not counted twice.
        _imported += imported;
        _alreadyImported += already;
        foreach (var (line, email) in alreadyLines) AlreadyImported?.Invoke(line, email);
    }

    // "MaximumLengthValidator" → "MaximumLength": the rule's name as FluentValidation knows it.
    private static string RuleOf(FluentValidation.Results.ValidationFailure failure) =>
        failure.ErrorCode.EndsWith("Validator", StringComparison.Ordinal) ? failure.ErrorCode[..^"Validator".Length] : failure.ErrorCode;

    private static bool IsUniqueEmailViolation(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: TalentsConfiguration.UniqueEmailIndex }) return true;
        }
        return false;
    }
}
