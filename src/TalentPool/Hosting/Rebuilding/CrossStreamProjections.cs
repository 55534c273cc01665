using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Grouping;
using JasperFx.Events.Projections;
using Marten;
using TalentPool.Sync;
using Weasel.Core;

namespace TalentPool.Hosting.Rebuilding;

/// <summary>
/// Applies projections that gather events across streams (the dashboards' counts, the metrics, the change feed, the
/// billable hires) to a run of events in sequence order, the way Marten's daemon applies a page of events to each of them:
/// an aggregation's events are sliced by its own rules per tenant (region), each slice group is enriched by the
/// projection (<c>EnrichEventsAsync</c>: the page's lookups in one query, which Marten's inline application skips), the
/// documents are loaded, evolved and stored with the daemon's <c>StoreProjection</c>; any other projection gets the
/// tenant's events as one page. One session per tenant holds every projection's documents for the run, so a document is
/// loaded and saved once per run instead of once per daemon batch (500 events) and per projection. Shared by the
/// one-pass rebuild (<see cref="CrossStreamReadModelsRebuild"/>) and the bulk demo seeder.
/// </summary>
public sealed class CrossStreamProjections
{
    private readonly IReadOnlyList<Applier> _appliers;

    /// <summary>Whether this projection can be applied here (an aggregation, or a projection of pages of events).</summary>
    public static bool CanApply(IProjectionSource<IDocumentOperations, IQuerySession> projection) =>
        projection is ProjectionWrapper<IDocumentOperations, IQuerySession>
        || projection.GetType().GetInterfaces().Any(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAggregationProjection<,,,>));

    /// <param name="changeFeedInMemory">
    /// The change feed's rows kept in memory and copied in by <see cref="CompleteAsync"/> instead of read back and upserted per
    /// page: only into tables emptied for a rebuild, with no other writer (<see cref="ChangeFeedRowsInMemory"/>).
    /// </param>
    public CrossStreamProjections(IEnumerable<IProjectionSource<IDocumentOperations, IQuerySession>> projections, bool changeFeedInMemory = false) =>
        _appliers = [.. projections.Select(p => Applier.For(p, changeFeedInMemory))];

    public IReadOnlyList<string> Names => [.. _appliers.Select(a => a.Name)];

    /// <summary>The time each projection took to apply (not to save), summed over the calls.</summary>
    /// <remarks>What was kept in memory and written at the end (<see cref="CompleteAsync"/>) is apart, under "<c>{name} (copied in)</c>".</remarks>
    public IReadOnlyDictionary<string, TimeSpan> Applying => _appliers.Select(a => (a.Name, a.Took))
        .Concat(_appliers.OfType<ChangeFeedInMemoryApplier>().Select(a => ($"{a.Name} (copied in)", a.Copying)))
        .ToDictionary(a => a.Item1, a => a.Item2);

    /// <summary>
    /// The event types the projections apply (their shards' filters, as the daemon's loader reads them), or null when one
    /// of them names none (it is fed every event).
    /// </summary>
    public static IReadOnlyList<Type>? EventTypes(IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> projections)
    {
        var types = new HashSet<Type>();
        foreach (var projection in projections)
        {
            var named = projection.Shards().SelectMany(shard => shard.Filters.IncludedEventTypes)
                .Concat(projection is JasperFx.Events.Aggregation.IAggregateProjection aggregate ? aggregate.AllEventTypes : []).ToList();
            if (named.Count == 0) return null;
            types.UnionWith(named);
        }
        return [.. types];
    }

    /// <summary>
    /// Applies every projection to these events (committed, in sequence order, of any tenants) and saves what they made,
    /// each projection in sessions of its own per tenant (<paramref name="openSession"/> opens one: the caller sets what a
    /// session writes as metadata). Apart, because Marten's unit of work compares each queued document with those queued
    /// before it: a session's cost grows with the square of its documents, so one projection's many rows (the change feed's)
    /// must not make another's few slow.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<IEvent> events, Func<string, IDocumentSession> openSession, CancellationToken cancellation)
    {
        // The change feed in memory is .NET work alone, and reads nothing the others write: on the other core, beside them
        // (the events are only read; an enrichment replaces an event in its slice with a copy).
        var inMemory = _appliers.OfType<ChangeFeedInMemoryApplier>().SingleOrDefault();
        var beside = inMemory is null ? Task.CompletedTask : Task.Run(() => inMemory.ApplyAsync(events, openSession, cancellation), cancellation);
        try
        {
            foreach (var applier in _appliers.Where(a => a != inMemory)) await applier.ApplyAsync(events, openSession, cancellation);
        }
        finally
        {
            await beside;
        }
    }

    /// <summary>After the last events: writes what was kept in memory (the change feed's rows, when so asked).</summary>
    public async Task CompleteAsync(DocumentStore store, CancellationToken cancellation)
    {
        foreach (var applier in _appliers) await applier.CompleteAsync(store, cancellation);
    }

    /// <summary>The sessions of one projection's run, one per tenant, opened when first asked for and saved together.</summary>
    private sealed class Sessions(Func<string, IDocumentSession> open) : IAsyncDisposable
    {
        private readonly Dictionary<string, IDocumentSession> _open = [];

        public IDocumentSession Of(string tenant) => _open.TryGetValue(tenant, out var session) ? session : _open[tenant] = open(tenant);

        public async Task SaveAsync(CancellationToken cancellation)
        {
            foreach (var session in _open.Values) await session.SaveChangesAsync(cancellation);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var session in _open.Values) await session.DisposeAsync();
        }
    }

    private abstract class Applier(string name)
    {
        public string Name { get; } = name;
        public TimeSpan Took { get; private set; }
        public TimeSpan Copying { get; private set; }

        public async Task ApplyAsync(IReadOnlyList<IEvent> events, Func<string, IDocumentSession> open, CancellationToken cancellation)
        {
            var started = Stopwatch.GetTimestamp();
            await ApplyEventsAsync(events, open, cancellation);
            Took += Stopwatch.GetElapsedTime(started);
        }

        /// <summary>Applies the events and saves what they made.</summary>
        protected abstract Task ApplyEventsAsync(IReadOnlyList<IEvent> events, Func<string, IDocumentSession> open, CancellationToken cancellation);

        public async Task CompleteAsync(DocumentStore store, CancellationToken cancellation)
        {
            var started = Stopwatch.GetTimestamp();
            await WriteKeptAsync(store, cancellation);
            Copying += Stopwatch.GetElapsedTime(started);
        }

        /// <summary>Writes what the applier kept instead of saving it per call (nothing, but for the change feed in memory).</summary>
        protected virtual Task WriteKeptAsync(DocumentStore store, CancellationToken cancellation) => Task.CompletedTask;

        public static Applier For(IProjectionSource<IDocumentOperations, IQuerySession> projection, bool changeFeedInMemory)
        {
            var aggregation = projection.GetType().GetInterfaces().FirstOrDefault(type =>
                type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAggregationProjection<,,,>));
            if (aggregation is null)
            {
                return projection is ProjectionWrapper<IDocumentOperations, IQuerySession> pages
                    ? changeFeedInMemory && pages.Inner is ChangeFeedProjection ? new ChangeFeedInMemoryApplier(pages) : new PageApplier(pages)
                    : throw new ArgumentException($"{projection.Name} is neither an aggregation nor a projection of pages of events.", nameof(projection));
            }
            var arguments = aggregation.GetGenericArguments();
            return (Applier)Activator.CreateInstance(typeof(AggregationApplier<,>).MakeGenericType(arguments[0], arguments[1]), projection)!;
        }
    }

    /// <summary>An aggregation, applied as the daemon's aggregation runner applies a page (without its side effects: a rebuild runs none).</summary>
    private sealed class AggregationApplier<TDoc, TId>(IProjectionSource<IDocumentOperations, IQuerySession> source) : Applier(source.Name)
        where TDoc : notnull where TId : notnull
    {
        private readonly IAggregationProjection<TDoc, TId, IDocumentOperations, IQuerySession> _projection =
            (IAggregationProjection<TDoc, TId, IDocumentOperations, IQuerySession>)source;

        protected override async Task ApplyEventsAsync(IReadOnlyList<IEvent> events, Func<string, IDocumentSession> open, CancellationToken cancellation)
        {
            var relevant = events.Where(e => AppliesTo(e.EventType)).ToList();
            if (relevant.Count == 0) return;
            await using var sessions = new Sessions(open);
            // The slicer groups by the events' tenants; its session only serves lookups in custom grouping rules.
            var groups = await _projection.BuildSlicer(sessions.Of(relevant[0].TenantId)).SliceAsync(relevant);
            foreach (var group in groups.OfType<SliceGroup<TDoc, TId>>())
            {
                var session = sessions.Of(group.TenantId);
                await _projection.EnrichEventsAsync(group, session, cancellation);
                var storage = await session.FetchProjectionStorageAsync<TDoc, TId>(group.TenantId, cancellation);
                var slices = group.Slices.ToList();
                var snapshots = await storage.LoadManyAsync([.. slices.Select(slice => slice.Id)], cancellation);
                foreach (var slice in slices)
                {
                    if (_projection.MatchesAnyDeleteType(slice.Events()))
                    {
                        storage.Delete(slice.Id);
                        continue;
                    }
                    snapshots.TryGetValue(slice.Id, out var loaded);
                    Apply(storage, slice.Id, slice.Events(),
                        await _projection.DetermineActionAsync(session, loaded, slice.Id, storage, slice.Events(), cancellation));
                }
            }
            await sessions.SaveAsync(cancellation);
        }

        private void Apply(IProjectionStorage<TDoc, TId> storage, TId id, IReadOnlyList<IEvent> events, (TDoc? Snapshot, ActionType Action) determined)
        {
            var (snapshot, action) = determined;
            if (action == ActionType.Nothing) return;
            (var lastEvent, snapshot) = _projection.TryApplyMetadata(events, snapshot, id, storage);
            switch (action)
            {
                case ActionType.Delete:
                    storage.Delete(id);
                    break;
                case ActionType.Store:
                    storage.StoreProjection(snapshot!, lastEvent, _projection.Scope);
                    break;
                case ActionType.HardDelete:
                    storage.HardDelete(snapshot!);
                    break;
                case ActionType.UnDeleteAndStore:
                    storage.UnDelete(snapshot!);
                    storage.StoreProjection(snapshot!, lastEvent, _projection.Scope);
                    break;
                case ActionType.StoreThenSoftDelete:
                    storage.StoreProjection(snapshot!, lastEvent, _projection.Scope);
                    storage.Delete(id);
                    break;
            }
        }

        private readonly Dictionary<Type, bool> _applies = [];

        // As the daemon's loader filters: the projection's event types, or what can be cast to one.
        private bool AppliesTo(Type eventType)
        {
            if (_applies.TryGetValue(eventType, out var applies)) return applies;
            var types = _projection.AllEventTypes;
            return _applies[eventType] = types.Length == 0 || types.Any(type => type.IsAssignableFrom(eventType));
        }
    }

    /// <summary>A projection of pages of events (the change feed): each tenant's events as one page, in sequence order, as the daemon's projection execution hands them.</summary>
    private class PageApplier(ProjectionWrapper<IDocumentOperations, IQuerySession> source) : Applier(source.Name)
    {
        private readonly HashSet<Type> _types = [.. source.Shards().SelectMany(shard => shard.Filters.IncludedEventTypes)];
        private readonly Dictionary<Type, bool> _applies = [];

        private bool AppliesTo(Type eventType) => _applies.TryGetValue(eventType, out var applies)
            ? applies
            : _applies[eventType] = _types.Count == 0 || _types.Any(type => type.IsAssignableFrom(eventType));

        /// <summary>Events per page: a page's rows are one session's (see <see cref="CrossStreamProjections.ApplyAsync"/>).</summary>
        private const int EventsPerPage = 2_000;

        protected override async Task ApplyEventsAsync(IReadOnlyList<IEvent> events, Func<string, IDocumentSession> open, CancellationToken cancellation)
        {
            foreach (var tenant in events.Where(e => AppliesTo(e.EventType)).GroupBy(e => e.TenantId))
            {
                foreach (var page in tenant.Chunk(EventsPerPage)) await ApplyPageAsync(tenant.Key, page, open, cancellation);
            }
        }

        protected virtual async Task ApplyPageAsync(string tenant, IEvent[] page, Func<string, IDocumentSession> open, CancellationToken cancellation)
        {
            await using var session = open(tenant);
            await source.Inner.ApplyAsync(session, page, cancellation);
            await session.SaveChangesAsync(cancellation);
        }
    }

    /// <summary>
    /// The change feed in a rebuild: the same pages and rules (<see cref="ChangeFeedProjection.ApplyAsync(IChangeFeedRows, string, IReadOnlyList{IEvent}, CancellationToken)"/>),
    /// its rows and states kept in memory — what the emptied tables would hold after each page — and copied in at the end, with
    /// the tables' secondary indexes built once after the copy. Where the daemon's way read back each page's talents' rows and
    /// upserted every row of every page (1.67M rows at 1.5M events, most of them written more than once).
    /// </summary>
    private sealed class ChangeFeedInMemoryApplier(ProjectionWrapper<IDocumentOperations, IQuerySession> source) : PageApplier(source)
    {
        private readonly ChangeFeedRowsInMemory _rows = new();

        protected override Task ApplyPageAsync(string tenant, IEvent[] page, Func<string, IDocumentSession> open, CancellationToken cancellation) =>
            ChangeFeedProjection.ApplyAsync(_rows, tenant, page, cancellation);

        protected override async Task WriteKeptAsync(DocumentStore store, CancellationToken cancellation)
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            // The one pass may be changing its tables' indexes, or applying the whole schema, meanwhile (RebuildSchemaChanges).
            await using var schema = await RebuildSchemaChanges.HoldAsync(store, cancellation);
            var suspended = await StreamReadModelsRebuild.SuspendIndexesAsync(store, connection, [typeof(SyncChange), typeof(StatementFeedState)], cancellation);
            try
            {
                foreach (var (tenant, rows) in _rows.RowsByTenant)
                    await store.BulkInsertDocumentsAsync(tenant, rows, BulkInsertMode.InsertsOnly, 50_000, cancellation);
                foreach (var (tenant, states) in _rows.StatesByTenant)
                    await store.BulkInsertDocumentsAsync(tenant, states, BulkInsertMode.InsertsOnly, 50_000, cancellation);
            }
            finally
            {
                await StreamReadModelsRebuild.RestoreIndexesAsync(store, connection, suspended, applySchema: false);
            }
        }
    }
}
