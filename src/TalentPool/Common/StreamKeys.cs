using System.Collections.Concurrent;
using Marten.Services.Json.Transformations;
using Npgsql;
using TalentPool.Vacancies;

namespace TalentPool.Common;

/// <summary>
/// The grouping keys a stream is born with, as its first event states them (a partner's or a municipality's region; a
/// hire's partner and region; a vacancy's or a candidacy's employer). They never change over the stream's life, so an
/// old event that did not repeat them is given them from there.
/// </summary>
public sealed record StreamKeys(Guid StreamId, Guid? RegionOrNone, Guid? PartnerId, EmployerKind? EmployerKind, Guid? EmployerId)
{
    public Guid RegionId => RegionOrNone
        ?? throw new InvalidOperationException($"Stream {StreamId} has no first event that names its region.");

    public (EmployerKind Kind, Guid Id) Employer => EmployerKind is { } kind && EmployerId is { } id
        ? (kind, id)
        : throw new InvalidOperationException($"Stream {StreamId} has no first event that names its employer.");
}

/// <summary>
/// Reads a stream's keys from its first event, in the event table itself: no projection is needed (so rebuilding any
/// projection cannot take the keys away), and the answer is remembered, since it never changes. Only events stored before
/// their v2 ask, and no event is ever written as v1 again, so what is remembered is bounded by the old history.
/// </summary>
public sealed class StreamKeysLookup(IReadOnlyList<NpgsqlDataSource> dataSources, string schemaName)
{
    private readonly ConcurrentDictionary<Guid, StreamKeys> _known = new();

    /// <summary>The shared database alone: the lookup of a store whose regions all live there.</summary>
    public StreamKeysLookup(NpgsqlDataSource dataSource, string schemaName) : this([dataSource], schemaName) { }

    /// <remarks>
    /// An upcaster is not told which database its event came from: with regions in databases of their own
    /// (Hosting/RegionDatabases.cs) the stream is looked for in each, the shared one first (stream ids are unique everywhere).
    /// </remarks>
    public async Task<StreamKeys> ForAsync(Guid streamId, CancellationToken cancellation)
    {
        if (_known.TryGetValue(streamId, out var known)) return known;

        foreach (var dataSource in dataSources)
        {
            await using var command = dataSource.CreateCommand(
                "select data ->> 'regionId', data ->> 'partnerId', data ->> 'employerKind', data ->> 'employerId' " +
                $"from {schemaName}.mt_events where stream_id = $1 and version = 1");
            command.Parameters.AddWithValue(streamId);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            if (!await reader.ReadAsync(cancellation)) continue;

            Guid? GuidAt(int column) => reader.IsDBNull(column) ? null : Guid.Parse(reader.GetString(column));
            var employerKind = reader.IsDBNull(2) ? (EmployerKind?)null : Enum.Parse<EmployerKind>(reader.GetString(2));
            var keys = new StreamKeys(streamId, GuidAt(0), GuidAt(1), employerKind, GuidAt(3));
            return _known.GetOrAdd(streamId, keys);
        }
        throw new InvalidOperationException($"Stream {streamId} has no first event.");
    }
}

/// <summary>
/// Reads an event stored under its v1 name, which lacked the grouping keys, as today's shape, with the keys of its
/// stream. A plain upcaster cannot invent a key; this one looks it up, so it runs in Marten's asynchronous reads only
/// (every read in this service, the async daemon and rebuilds are asynchronous; a synchronous read would throw).
/// </summary>
public sealed class StreamKeysUpcaster<TOld, TNew>(
    string v1Name, StreamKeysLookup keys, Func<TOld, Guid> streamOf, Func<TOld, StreamKeys, TNew> upcast)
    : AsyncOnlyEventUpcaster<TOld, TNew> where TOld : notnull where TNew : notnull
{
    public override string EventTypeName => v1Name;

    protected override async Task<TNew> UpcastAsync(TOld oldEvent, CancellationToken ct) =>
        upcast(oldEvent, await keys.ForAsync(streamOf(oldEvent), ct));
}
