using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace TalentPool.Benchmarks;

/// <summary>
/// Records, through Marten's logger, every round trip the service sends to PostgreSQL while handling one request
/// whose path starts with the armed prefix (the async daemon's and other requests' statements are left out).
/// </summary>
public sealed class SqlCapture : IMartenLogger, IMartenSessionLogger
{
    private readonly List<IReadOnlyList<NpgsqlBatchCommand>> _roundTrips = [];
    private string? _pathPrefix;

    public IHttpContextAccessor? Http { get; set; }

    public void Arm(string pathPrefix)
    {
        lock (_roundTrips) _roundTrips.Clear();
        _pathPrefix = pathPrefix;
    }

    /// <summary>The round trips recorded since <see cref="Arm"/>; stops recording.</summary>
    public SqlReplay Take()
    {
        _pathPrefix = null;
        lock (_roundTrips) return new SqlReplay([.. _roundTrips]);
    }

    public IMartenSessionLogger StartSession(IQuerySession session) => this;
    public void SchemaChange(string sql) { }

    public void LogSuccess(NpgsqlCommand command)
    {
        if (!Recording) return;
        var copy = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters) copy.Parameters.Add(Keep(parameter));
        Record([copy]);
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
        if (Recording) Record([.. batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(Copy)]);
    }

    private bool Recording => _pathPrefix is { } prefix && Http?.HttpContext?.Request.Path.StartsWithSegments(prefix) == true;

    private static NpgsqlBatchCommand Copy(NpgsqlBatchCommand command)
    {
        var copy = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters) copy.Parameters.Add(Keep(parameter));
        return copy;
    }

    // Marten hands over pooled lists and buffers that it reuses after the call: keep a copy of their content.
    private static NpgsqlParameter Keep(NpgsqlParameter parameter)
    {
        var copy = parameter.Clone();
        copy.Value = parameter.Value switch
        {
            byte[] bytes => bytes.ToArray(),
            string or Array or null => parameter.Value,
            System.Collections.IEnumerable list when ElementType(list.GetType()) is { } element => ToArray(list, element),
            var other => other,
        };
        return copy;
    }

    private static Type? ElementType(Type type) => type.GetInterfaces()
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Array ToArray(System.Collections.IEnumerable list, Type element)
    {
        var items = list.Cast<object?>().ToList();
        var array = Array.CreateInstance(element, items.Count);
        for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
        return array;
    }

    private void Record(IReadOnlyList<NpgsqlBatchCommand> roundTrip)
    {
        lock (_roundTrips) _roundTrips.Add(roundTrip);
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) { }
    public void LogFailure(NpgsqlBatch batch, Exception ex) { }
    public void LogFailure(Exception ex, string message) { }
    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    public void OnBeforeExecute(NpgsqlCommand command) { }
    public void OnBeforeExecute(NpgsqlBatch batch) { }
}

/// <summary>
/// One request's round trips, replayed as they were sent (same statements, same batching), in one transaction, with
/// every id the request created swapped for a fresh one (so unique keys hold) and the given text swapped too.
/// </summary>
public sealed class SqlReplay(IReadOnlyList<IReadOnlyList<NpgsqlBatchCommand>> roundTrips)
{
    /// <summary>
    /// The same request with only the statements <paramref name="keep"/> accepts (round trips left empty dropped): a lighter
    /// shape of the same write, for measuring what each part costs PostgreSQL (WriteVariants' `only:`/`without:`).
    /// </summary>
    public SqlReplay Where(Func<NpgsqlBatchCommand, bool> keep)
    {
        var shape = new SqlReplay([.. roundTrips.Select(r => (IReadOnlyList<NpgsqlBatchCommand>)[.. r.Where(keep)]).Where(r => r.Count > 0)])
        {
            _createdIds = CreatedIds,
        };
        shape.Kept.UnionWith(Kept);
        shape.Swapped.AddRange(Swapped);
        return shape;
    }

    public IReadOnlyList<IReadOnlyList<NpgsqlBatchCommand>> RoundTrips => roundTrips;
    public int Statements => roundTrips.Sum(r => r.Count);

    /// <summary>Ids that name existing things (the talent and partner a hire reads): kept as captured.</summary>
    public HashSet<Guid> Kept { get; } = [];

    /// <summary>Text to swap per replay (the e-mail address, the idempotency key).</summary>
    public List<string> Swapped { get; } = [];

    public string Parameters() => string.Join("\n", roundTrips.SelectMany(r => r).Select(c =>
        string.Join(" | ", c.Parameters.Cast<NpgsqlParameter>().Select(p => $"{p.NpgsqlDbType}/{p.Value?.GetType().Name}"))));

    public string Describe() => string.Join("\n", roundTrips.Select((r, i) =>
        $"  round trip {i + 1}: " + string.Join("\n               ; ", r.Select(c => Shorten(c.CommandText)))));

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 160 ? flat[..160] + " …" : flat;
    }

    public async Task ExecuteAsync(NpgsqlDataSource database, Func<string, string>? swap = null)
    {
        var fresh = new Dictionary<Guid, Guid>();
        var texts = Swapped.ToDictionary(t => t, t => swap?.Invoke(t) ?? $"{Guid.NewGuid():N}");
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var roundTrip in roundTrips)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var captured in roundTrip)
            {
                var command = new NpgsqlBatchCommand(captured.CommandText);
                foreach (NpgsqlParameter parameter in captured.Parameters)
                {
                    var copy = parameter.Clone();
                    copy.Value = Swap(parameter.Value, fresh, texts);
                    command.Parameters.Add(copy);
                }
                batch.BatchCommands.Add(command);
            }
            await using var reader = await batch.ExecuteReaderAsync();
            do { while (await reader.ReadAsync()) { } } while (await reader.NextResultAsync());
        }
        await transaction.CommitAsync();
    }

    private object? Swap(object? value, Dictionary<Guid, Guid> fresh, Dictionary<string, string> texts) => value switch
    {
        Guid id => FreshId(id, fresh),
        Guid[] ids => ids.Select(id => FreshId(id, fresh)).ToArray(),
        string text => SwapText(text, fresh, texts),
        byte[] json => System.Text.Encoding.UTF8.GetBytes(SwapText(System.Text.Encoding.UTF8.GetString(json), fresh, texts)),
        string?[] list => list.Select(text => text is null ? null : SwapText(text, fresh, texts)).ToArray(),
        _ => value,
    };

    private Guid FreshId(Guid id, Dictionary<Guid, Guid> fresh)
    {
        if (Kept.Contains(id)) return id;
        if (!fresh.TryGetValue(id, out var replacement)) fresh[id] = replacement = Guid.CreateVersion7();
        return replacement;
    }

    private string SwapText(string text, Dictionary<Guid, Guid> fresh, Dictionary<string, string> texts)
    {
        foreach (var (from, to) in texts) text = text.Replace(from, to);
        // Ids inside JSON bodies: every id the captured parameters carried, as text.
        foreach (var id in CreatedIds)
        {
            var key = id.ToString();
            if (text.Contains(key, StringComparison.Ordinal)) text = text.Replace(key, FreshId(id, fresh).ToString());
        }
        return text;
    }

    private IReadOnlyList<Guid>? _createdIds;

    // The ids the captured request created (every captured id not kept): swapped inside JSON text as well.
    private IReadOnlyList<Guid> CreatedIds => _createdIds ??= roundTrips.SelectMany(r => r)
        .SelectMany(c => c.Parameters.Cast<NpgsqlParameter>())
        .SelectMany(p => p.Value switch { Guid id => [id], Guid[] ids => ids, _ => Array.Empty<Guid>() })
        .Where(id => !Kept.Contains(id)).Distinct().ToList();
}
