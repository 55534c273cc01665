using System.Collections.Concurrent;
using System.Globalization;
using Marten.Services.Json.Transformations;
using Npgsql;

namespace TalentPool.Common;

/// <summary>
/// What a hire is born with and never changes, as its first event (HireRecorded) states it: its partner, region and start
/// date, and where the job is. A v1 HireRecorded named no workplace: for it, the municipality the vacancy it names stated
/// in the vacancy's last event before the hire (the posting or an update), which is what a v2 hire records; none without a
/// vacancy.
/// </summary>
public sealed record HireKeys(Guid HireId, Guid PartnerId, Guid RegionId, DateOnly StartsOn, string? WorkplaceMunicipality);

/// <summary>
/// Reads a hire's keys from its first event in the event table itself, like <see cref="StreamKeysLookup"/> (no projection
/// is needed, so rebuilding one cannot take the keys away), and remembers them, since they never change. Only events
/// stored in an older shape ask, and none is written in one again, so what is remembered is bounded by the old history.
/// </summary>
public sealed class HireKeysLookup(IReadOnlyList<NpgsqlDataSource> dataSources, string schemaName)
{
    private readonly ConcurrentDictionary<Guid, HireKeys> _known = new();

    /// <summary>The shared database alone: the lookup of a store whose regions all live there.</summary>
    public HireKeysLookup(NpgsqlDataSource dataSource, string schemaName) : this([dataSource], schemaName) { }

    /// <remarks>As <see cref="StreamKeysLookup"/>: the hire is looked for in each database, the shared one first.</remarks>
    public async Task<HireKeys> ForAsync(Guid hireId, CancellationToken cancellation)
    {
        if (_known.TryGetValue(hireId, out var known)) return known;

        foreach (var dataSource in dataSources.SkipLast(1))
        {
            await using var exists = dataSource.CreateCommand($"select 1 from {schemaName}.mt_events where stream_id = $1 and version = 1");
            exists.Parameters.AddWithValue(hireId);
            if (await exists.ExecuteScalarAsync(cancellation) is not null) return await ReadAsync(dataSource, hireId, cancellation);
        }
        return await ReadAsync(dataSources[^1], hireId, cancellation);
    }

    private async Task<HireKeys> ReadAsync(NpgsqlDataSource dataSource, Guid hireId, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand(
            "select h.data ->> 'partnerId', h.data ->> 'regionId', h.data ->> 'startsOn', coalesce(h.data ->> 'workplaceMunicipality', " +
            $"  (select v.data -> 'details' ->> 'municipalityNumber' from {schemaName}.mt_events v " +
            "    where v.stream_id = (h.data ->> 'vacancyId')::uuid and v.seq_id < h.seq_id and v.data -> 'details' is not null " +
            "    order by v.version desc limit 1)) " +
            $"from {schemaName}.mt_events h where h.stream_id = $1 and h.version = 1");
        command.Parameters.AddWithValue(hireId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation) || reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2))
        {
            throw new InvalidOperationException($"Hire {hireId} has no first event that names its partner, region and start.");
        }

        var keys = new HireKeys(hireId, Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)),
            DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            reader.IsDBNull(3) ? null : reader.GetString(3));
        return _known.GetOrAdd(hireId, keys);
    }
}

/// <summary>
/// Reads a hire event stored in an older shape as today's, with the keys of its hire. Like <see cref="StreamKeysUpcaster{TOld,TNew}"/>
/// it looks them up, so it runs in Marten's asynchronous reads only (every read in this service, the async daemon and
/// rebuilds are asynchronous; a synchronous read of such an event would throw).
/// </summary>
public sealed class HireKeysUpcaster<TOld, TNew>(
    string storedName, HireKeysLookup keys, Func<TOld, Guid> hireOf, Func<TOld, HireKeys, TNew> upcast)
    : AsyncOnlyEventUpcaster<TOld, TNew> where TOld : notnull where TNew : notnull
{
    public override string EventTypeName => storedName;

    protected override async Task<TNew> UpcastAsync(TOld oldEvent, CancellationToken ct) =>
        upcast(oldEvent, await keys.ForAsync(hireOf(oldEvent), ct));
}
