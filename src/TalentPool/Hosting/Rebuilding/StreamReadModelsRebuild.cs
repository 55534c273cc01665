using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Linq.MatchesSql;
using Marten.Storage;
using Npgsql;
using TalentPool.Talents;
using Weasel.Core;

namespace TalentPool.Hosting.Rebuilding;

/// <summary>
/// A projection that, applied inline to a stream, reads more than that stream's events (another stream's state as it is
/// now): live that is the state before the write, in a rebuild of whole streams it would be the final state. Rebuilt by
/// Marten's daemon, in sequence order, never by <see cref="StreamReadModelsRebuild"/>.
/// </summary>
public interface IReadsBeyondItsStream;

/// <summary>The events the one pass read, and where its time went.</summary>
/// <remarks>Reading and writing overlap with applying: their times are what applying waited for them.</remarks>
public sealed record StreamReadModelsRebuilt(long Events, TimeSpan Reading, TimeSpan Applying, TimeSpan Writing, TimeSpan Indexing)
{
    public override string ToString() =>
        $"{Events:N0} events; applying {Applying.TotalSeconds:N1} s, waiting for reads {Reading.TotalSeconds:N1} s and for writes " +
        $"{Writing.TotalSeconds:N1} s, indexing and counting {Indexing.TotalSeconds:N1} s";
}

/// <summary>
/// Rebuilds every one-document-per-stream inline projection (the aggregates, the talent's three read models, the details
/// views …) in ONE pass over the events, instead of one pass per projection: Marten's daemon re-reads the store for each
/// of them, and the three talent read models alone are 83 % of it. Whole streams at a time (a page of stream ids, then
/// their events), each page applied by the store's own projection objects — what <c>SaveChangesAsync</c> runs inline —
/// and the documents written with Marten's bulk loader (<c>COPY</c>), not one upsert each. While it writes, the rebuilt
/// tables have no secondary indexes and the shared base no facet-counting triggers: each index is built once at the end
/// (far cheaper than maintaining a GIN index row by row), and the facet counts are made from the documents in one
/// statement when the triggers are created again.
/// </summary>
/// <remarks>
/// Equal to a live build because each document depends on its own stream's events only (<see cref="IReadsBeyondItsStream"/>
/// marks the exception, left to the daemon); the shared base's history read before a late consent finds every event
/// committed, with its sequence, as in a daemon rebuild. The tables are emptied first, so a stream whose history ends in a
/// deletion (an erasure) simply writes nothing. Run with the service stopped, as any rebuild. If the process dies
/// half-way, the indexes and triggers are missing until the next start of the service or of <c>rebuild</c>: both apply
/// the configured schema (Weasel makes what is missing), and the counting trigger counts the documents when it is made.
/// </remarks>
public static partial class StreamReadModelsRebuild
{
    /// <summary>Stream ids read per query; their events come in one more query.</summary>
    public const int StreamsPerPage = 10_000;

    /// <summary>Small: Marten's unit of work searches its queued operations at each new one (quadratic in a session's size).</summary>
    public const int StreamsPerSession = 100;

    /// <summary>Whether the one pass rebuilds this projection: inline, one document per stream, reading nothing beyond its stream.</summary>
    public static bool Covers(IProjectionSource<IDocumentOperations, IQuerySession> projection) =>
        projection.Lifecycle == ProjectionLifecycle.Inline
        && projection is IAggregateProjection { Scope: AggregationScope.SingleStream }
        && projection is not IReadsBeyondItsStream;

    /// <param name="progress">Called after each page with the events applied so far.</param>
    /// <returns>How many events were read (each once, for all the projections), and where the time went.</returns>
    public static async Task<StreamReadModelsRebuilt> RunAsync(
        DocumentStore store, IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> projections, Action<long>? progress,
        CancellationToken cancellation, int streamsPerPage = StreamsPerPage)
    {
        if (projections.FirstOrDefault(p => !Covers(p)) is { } other)
        {
            throw new ArgumentException($"{other.Name} is not rebuilt stream by stream.", nameof(projections));
        }
        var inline = projections.Select(p => p.BuildForInline()).ToArray();
        var documentTypes = projections.Cast<IAggregateProjection>().Select(p => p.AggregateType).Distinct().ToList();

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var lastSequence = await ScalarAsync<long>(connection, $"select coalesce(max(seq_id), 0) from {Events(store)}.mt_events", cancellation);
        IReadOnlyList<(string Name, string Definition)> suspended;
        // The pass across streams may be changing its own tables' indexes meanwhile (RebuildSchemaChanges).
        await using (await RebuildSchemaChanges.HoldAsync(store, cancellation))
        {
            foreach (var type in documentTypes) await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, cancellation);
            suspended = await SuspendIndexesAsync(store, connection, documentTypes, cancellation);
        }

        long events = 0;
        Stopwatch reading = new(), applying = new(), writing = new(), indexing = new();
        // Three stages overlap: the next page is read and the last page's documents written while this page is applied (the
        // database and .NET work at the same time). The stopwatches time what the applying waits for.
        Task pendingWrite = Task.CompletedTask;
        try
        {
            var nextPage = PageAsync(store, null, streamsPerPage, cancellation);
            while (true)
            {
                reading.Start();
                var (ids, streams) = await nextPage;
                reading.Stop();
                if (ids.Count == 0) break;
                nextPage = PageAsync(store, ids[^1], streamsPerPage, cancellation);
                applying.Start();
                var documents = await ApplyAsync(store, inline, streams, cancellation);
                applying.Stop();
                writing.Start();
                await pendingWrite;
                writing.Stop();
                pendingWrite = WriteDocumentsAsync(store, documents, cancellation);
                events += streams.Sum(s => s.Events.Count);
                progress?.Invoke(events);
            }
            writing.Start();
            await pendingWrite;
            writing.Stop();
        }
        finally
        {
            // Never index beside a write still running (after a failure).
            await Task.WhenAny(pendingWrite);
            indexing.Start();
            // Also after a failure, so that the tables are never left without them.
            await using (await RebuildSchemaChanges.HoldAsync(store, CancellationToken.None))
            {
                await RestoreIndexesAsync(store, connection, suspended);
            }
            indexing.Stop();
        }
        await MarkRebuiltAsync(store, connection, projections, lastSequence, cancellation);
        return new StreamReadModelsRebuilt(events, reading.Elapsed, applying.Elapsed, writing.Elapsed, indexing.Elapsed);
    }

    /// <summary>
    /// Drops the secondary indexes of these document types' tables (and the shared base's facet-counting triggers): a table
    /// filled in bulk gets each index built once at the end (<see cref="RestoreIndexesAsync"/>), far cheaper than keeping a
    /// GIN or full-text index row by row. Answers the dropped indexes' definitions.
    /// </summary>
    /// <param name="database">The database <paramref name="connection"/> reaches (by default the store's only one).</param>
    public static async Task<IReadOnlyList<(string Name, string Definition)>> SuspendIndexesAsync(
        DocumentStore store, NpgsqlConnection connection, IReadOnlyList<Type> documentTypes, CancellationToken cancellation,
        IMartenDatabase? database = null)
    {
        // Marten checks a document type's table against its configuration the first time a process uses it, and would make
        // the dropped indexes again right then: checked before they are dropped.
        foreach (var type in documentTypes) await (database ?? store.Storage.Database).EnsureStorageExistsAsync(type, cancellation);
        var schema = (IReadOnlyStoreOptions)store.Options;
        var tables = documentTypes.Select(type => schema.Schema.For(type)).ToList();
        var indexes = await SecondaryIndexesAsync(connection, tables, cancellation);
        foreach (var (name, _) in indexes) await ExecuteAsync(connection, $"drop index {name}", cancellation);
        if (documentTypes.Contains(typeof(SharedTalent)))
        {
            await ExecuteAsync(connection, SharedTalentFacetCounts.DropCountingTriggersSql(store.Options.DatabaseSchemaName), cancellation);
            // The probe rows too: made again from the documents in one statement when the trigger is (SharedTalentProbes).
            await ExecuteAsync(connection, SharedTalentProbes.DropTriggersSql(store.Options.DatabaseSchemaName), cancellation);
        }
        return indexes;
    }

    /// <summary>
    /// Builds each suspended index once over the whole table, then whatever else the schema lacks (the counting triggers,
    /// which count the documents as they are made). If the process died before this, the next start of the service (or of
    /// <c>rebuild</c>/<c>seed</c>) applies the configured schema and makes what is missing.
    /// </summary>
    /// <param name="applySchema">
    /// Also apply the whole configured schema (what else is missing: the counting triggers). Not when only these indexes were
    /// dropped while another pass may still have its own tables' indexes and triggers suspended (the change feed's copy-in).
    /// </param>
    public static async Task RestoreIndexesAsync(
        DocumentStore store, NpgsqlConnection connection, IReadOnlyList<(string Name, string Definition)> indexes, bool applySchema = true)
    {
        await ExecuteAsync(connection, "set maintenance_work_mem = '512MB'", CancellationToken.None);
        // Marten may have made one again meanwhile (a schema check on a type's first use in the process).
        foreach (var (_, definition) in indexes)
        {
            await ExecuteAsync(connection, IfNotExists().Replace(definition, "CREATE $1INDEX IF NOT EXISTS ", 1), CancellationToken.None);
        }
        if (applySchema) await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    /// <summary>
    /// Applies the projections to whole streams (their first event included) and writes the documents they make with Marten's
    /// bulk loader, into tables holding no document of these streams: a deletion (a history ending in an erasure) has nothing to
    /// delete and is dropped. Shared with the bulk demo seeder, which writes new streams the same way.
    /// </summary>
    public static async Task WriteAsync(
        DocumentStore store, IReadOnlyList<IInlineProjection<IDocumentOperations>> projections, IReadOnlyList<StreamAction> streams,
        CancellationToken cancellation) =>
        await WriteDocumentsAsync(store, await ApplyAsync(store, projections, streams, cancellation), cancellation);

    /// <summary>The documents one tenant's (region's) streams made, to be written in that tenant.</summary>
    public sealed record TenantDocuments(string Tenant, List<object> Documents, List<StreamAction> Streams);

    /// <summary>
    /// Each tenant's streams applied in sessions of that tenant (conjoined tenancy: a document is its stream's region's, as
    /// the inline projection makes it live), so that the documents are written in the same tenant.
    /// </summary>
    public static async Task<List<TenantDocuments>> ApplyAsync(
        DocumentStore store, IReadOnlyList<IInlineProjection<IDocumentOperations>> projections, IReadOnlyList<StreamAction> streams,
        CancellationToken cancellation)
    {
        var made = new List<TenantDocuments>();
        foreach (var tenant in streams.GroupBy(s => s.TenantId))
        {
            made.Add(new TenantDocuments(tenant.Key, await ApplyInTenantAsync(store, projections, tenant.Key, [.. tenant], cancellation), [.. tenant]));
        }
        return made;
    }

    private static async Task<List<object>> ApplyInTenantAsync(
        DocumentStore store, IReadOnlyList<IInlineProjection<IDocumentOperations>> projections, string tenant, List<StreamAction> streams,
        CancellationToken cancellation)
    {
        var documents = new List<object>();
        foreach (var chunk in streams.Chunk(StreamsPerSession))
        {
            await using var session = store.LightweightSession(tenant);
            var interested = InterestedProjections(projections, chunk);
            for (var i = 0; i < projections.Count; i++)
            {
                if (interested[i].Count > 0) await projections[i].ApplyAsync(session, interested[i], cancellation);
            }
            var made = session.PendingChanges.Updates().ToList();
            if (made.Count + session.PendingChanges.Deletions().Count() != session.PendingChanges.Operations().Count())
            {
                throw new InvalidOperationException("A projection of whole streams queued more than its documents and deletions.");
            }
            documents.AddRange(made);
        }
        return documents;
    }

    /// <summary>
    /// Per projection, the streams holding an event it applies, as Marten's own check decides (an event type it names, or one
    /// that can be cast to one) — decided once per event type, where Marten decides per stream and projection, a fifth of
    /// the one pass's time when each projection was handed every stream.
    /// </summary>
    private static List<StreamAction>[] InterestedProjections(IReadOnlyList<IInlineProjection<IDocumentOperations>> projections, StreamAction[] streams)
    {
        var interested = projections.Select(_ => new List<StreamAction>()).ToArray();
        var seen = new bool[projections.Count];
        var known = new Dictionary<Type, int[]>();
        foreach (var stream in streams)
        {
            Array.Clear(seen);
            foreach (var e in stream.Events)
            {
                foreach (var i in ApplyingTo(projections, e.EventType, known))
                {
                    if (seen[i]) continue;
                    seen[i] = true;
                    interested[i].Add(stream);
                }
            }
        }
        return interested;
    }

    private static int[] ApplyingTo(IReadOnlyList<IInlineProjection<IDocumentOperations>> projections, Type eventType, Dictionary<Type, int[]> known)
    {
        if (known.TryGetValue(eventType, out var applying)) return applying;
        return known[eventType] = [.. Enumerable.Range(0, projections.Count).Where(i => projections[i] is not IAggregateProjection projection
            || projection.AllEventTypes.Length == 0 || projection.AllEventTypes.Any(type => type.IsAssignableFrom(eventType)))];
    }

    /// <param name="revisionsLater">The caller sets every table's revisions at the end (<see cref="SetAllRevisionsToStreamVersionsAsync"/>).</param>
    public static async Task WriteDocumentsAsync(DocumentStore store, List<TenantDocuments> made, CancellationToken cancellation, bool revisionsLater = false)
    {
        foreach (var (tenant, documents, streams) in made)
        {
            await store.BulkInsertDocumentsAsync(tenant, documents, BulkInsertMode.InsertsOnly, 10_000, cancellation);
            if (!revisionsLater) await SetRevisionsToStreamVersionsAsync(store, tenant, documents, streams, cancellation);
        }
    }

    /// <summary>
    /// Every document of these single-stream projections' tables gets its stream's version as its revision, in one statement
    /// per table (instead of one per batch): for tables that hold only documents of streams written in bulk (the seeder's
    /// empty database), keyed by the stream's id.
    /// </summary>
    public static async Task SetAllRevisionsToStreamVersionsAsync(DocumentStore store, NpgsqlConnection connection, IReadOnlyList<Type> documentTypes,
        CancellationToken cancellation)
    {
        foreach (var table in documentTypes.Select(type => ((IReadOnlyStoreOptions)store.Options).Schema.For(type)).Distinct())
        {
            if (!await HasNumericRevisionsAsync(connection, table, cancellation)) continue;
            await using var idType = new NpgsqlCommand(
                $"select format_type(atttypid, atttypmod) from pg_attribute where attrelid = '{table}'::regclass and attname = 'id'", connection);
            if (await idType.ExecuteScalarAsync(cancellation) is not "uuid") continue;
            await ExecuteAsync(connection,
                $"update {table} as d set {Revision} = s.version from {Events(store)}.mt_streams as s " +
                "where s.tenant_id = d.tenant_id and s.id = d.id and s.version > 1 and d.mt_version <> s.version", cancellation);
        }
    }

    private static string Events(DocumentStore store) => store.Options.Events.DatabaseSchemaName;

    /// <summary>A stream's key in <c>mt_streams</c>' primary key order: its tenant (region), then its id.</summary>
    private readonly record struct StreamKey(string Tenant, Guid Id);

    /// <summary>
    /// The next page of streams after <paramref name="after"/> in primary key order (tenant, id), and those streams' events.
    /// Both reads walk a primary key as a range: the streams', then the events' (<c>tenant_id, stream_id, version</c>) from the
    /// page's first to its last stream in each tenant. Reading the events by a list of stream ids instead (<c>stream_id = any(…)</c>,
    /// no tenant) could use no index: a scan of the whole event table per page (at 1.5M events, most of the pass's time).
    /// </summary>
    private static async Task<(List<StreamKey> Ids, List<StreamAction> Streams)> PageAsync(
        DocumentStore store, StreamKey? after, int size, CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var select = new NpgsqlCommand(after is null
            ? $"select tenant_id, id from {Events(store)}.mt_streams order by tenant_id, id limit {size}"
            : $"select tenant_id, id from {Events(store)}.mt_streams where (tenant_id, id) > (@tenant, @after) order by tenant_id, id limit {size}",
            connection);
        if (after is { } last)
        {
            select.Parameters.AddWithValue("tenant", last.Tenant);
            select.Parameters.AddWithValue("after", last.Id);
        }
        var ids = new List<StreamKey>(size);
        await using (var reader = await select.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation)) ids.Add(new StreamKey(reader.GetString(0), reader.GetGuid(1)));
        }
        return (ids, ids.Count == 0 ? [] : await StreamsAsync(store, ids, cancellation));
    }

    /// <summary>The streams' events, read and deserialised (upcast) by Marten as the daemon reads them, grouped per stream in order.</summary>
    private static async Task<List<StreamAction>> StreamsAsync(DocumentStore store, List<StreamKey> ids, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var streams = new List<StreamAction>(ids.Count);
        // Every region's streams (conjoined tenancy): each keeps its tenant, and its documents are written in it.
        foreach (var tenant in ids.GroupBy(id => id.Tenant))
        {
            var (name, first, last) = (tenant.Key, tenant.First().Id, tenant.Last().Id);
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.AnyTenant() && e.MatchesSql("tenant_id = ? and stream_id >= ? and stream_id <= ?", name, first, last))
                .OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToListAsync(cancellation);
            streams.AddRange(events.GroupBy(e => e.StreamId).Select(stream =>
            {
                var history = stream.ToList();
                var action = StreamAction.For(stream.Key, history);
                action.TenantId = name; // For() gives the events the action's (empty) tenant
                foreach (var e in history) e.TenantId = name;
                action.Version = history[^1].Version;
                return action;
            }));
        }
        return streams;
    }

    /// <summary>The indexes of the rebuilt tables that are not the primary key (nor back a constraint), with their definitions.</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(
        NpgsqlConnection connection, List<string> tables, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand("""
            select ix.indexrelid::regclass::text, pg_get_indexdef(ix.indexrelid)
            from pg_index as ix
            where ix.indrelid = any(select unnest(@tables)::regclass) and not ix.indisprimary
              and not exists (select 1 from pg_constraint as c where c.conindid = ix.indexrelid)
            """, connection);
        select.Parameters.AddWithValue("tables", tables.ToArray());
        var indexes = new List<(string, string)>();
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    /// <summary>
    /// A projected document's revision (<c>mt_version</c>) is its stream's version when written through a session; the
    /// bulk document loader writes 1 for a document with no revision member of its own. Set it from the stream, per
    /// document table (Marten's own table name), for the streams with more than one event: one statement each.
    /// </summary>
    private static async Task SetRevisionsToStreamVersionsAsync(
        DocumentStore store, string tenant, List<object> documents, IReadOnlyList<StreamAction> streams, CancellationToken cancellation)
    {
        var versions = streams.Where(s => s.Version > 1).ToDictionary(s => s.Id, s => s.Version);
        if (versions.Count == 0) return;
        // The tenant's database: a region may live in a database of its own (Hosting/RegionDatabases.cs).
        await using var connection = (await store.Storage.FindOrCreateDatabase(tenant)).CreateConnection();
        await connection.OpenAsync(cancellation);
        foreach (var type in documents.GroupBy(d => d.GetType()))
        {
            var table = ((IReadOnlyStoreOptions)store.Options).Schema.For(type.Key);
            if (!await HasNumericRevisionsAsync(connection, table, cancellation)) continue;
            // Every document of a single-stream projection is identified by its stream's id, in its Id member.
            var id = type.Key.GetProperty("Id")!;
            var ids = type.Select(d => id.GetValue(d)).OfType<Guid>().Where(versions.ContainsKey).ToArray();
            if (ids.Length == 0) continue;
            await using var update = new NpgsqlCommand(
                $"update {table} as d set {Revision} = v.version " +
                "from unnest(@ids, @versions) as v(id, version) where d.tenant_id = @tenant and d.id = v.id and d.mt_version <> v.version", connection);
            update.Parameters.AddWithValue("tenant", tenant);
            update.Parameters.AddWithValue("ids", ids);
            update.Parameters.AddWithValue("versions", ids.Select(id => versions[id]).ToArray());
            await update.ExecuteNonQueryAsync(cancellation);
        }
    }

    private const string Revision = "mt_version"; // Marten's column for a document's version or revision

    private static async Task<bool> HasNumericRevisionsAsync(NpgsqlConnection connection, string table, CancellationToken cancellation)
    {
        await using var type = new NpgsqlCommand(
            $"select format_type(atttypid, atttypmod) from pg_attribute where attrelid = '{table}'::regclass and attname = '{Revision}'",
            connection);
        return await type.ExecuteScalarAsync(cancellation) is "bigint" or "integer";
    }

    /// <summary>
    /// As Marten's own rebuild leaves it: each rebuilt projection's shard has processed the events up to the high-water mark
    /// taken at the start (the row its daemon keeps in <c>mt_event_progression</c>, named by the shard's identity).
    /// </summary>
    private static async Task MarkRebuiltAsync(
        DocumentStore store, NpgsqlConnection connection, IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> projections,
        long lastSequence, CancellationToken cancellation)
    {
        // One shard each, named as the daemon names a projection's only shard ("Talent:All"), with the projection's version.
        foreach (var shard in projections.Select(p => new ShardName(p.Name, ShardName.All, ((IAggregateProjection)p).Version)))
        {
            await using var mark = new NpgsqlCommand(
                $"insert into {Events(store)}.mt_event_progression (name, last_seq_id) values (@name, @sequence) " +
                "on conflict (name) do update set last_seq_id = @sequence", connection);
            mark.Parameters.AddWithValue("name", shard.Identity);
            mark.Parameters.AddWithValue("sequence", lastSequence);
            await mark.ExecuteNonQueryAsync(cancellation);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^CREATE (UNIQUE )?INDEX ")]
    private static partial System.Text.RegularExpressions.Regex IfNotExists();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
