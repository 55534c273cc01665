using System.Diagnostics;
using System.Diagnostics.Metrics;
using Marten;
using Npgsql;

namespace TalentPool.Hosting;

/// <summary>
/// How far each async projection is behind the event store, as two gauges per projection: events (sequence numbers)
/// behind the newest stored event, and seconds since the oldest event it has not processed yet was stored (0 when
/// caught up). Read from the daemon's progression table, which every node shares, so any node tells the truth whichever
/// node runs the projection; sampled in the background every <c>Observability:ProjectionLagInterval</c> (5 s), so a
/// scrape reads memory and never waits for the database. One small query a sample: the progression rows, the newest
/// sequence number and, per projection, one indexed lookup of the next event — nothing scans the events.
/// </summary>
public sealed class ProjectionLagGauges : BackgroundService
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly RegionDataSources _regionDatabases;
    private readonly StoreOptions _store;
    private readonly ILogger<ProjectionLagGauges> _logger;
    private readonly TimeSpan _interval;
    private volatile IReadOnlyList<Sample> _samples = [];

    /// <param name="Database">Null for the shared database; a region's id for a region's database of its own, each with its own daemon.</param>
    public sealed record Sample(string Projection, long EventsBehind, double SecondsBehind, string? Database = null);

    private const string Schema = DatabaseConfiguration.SchemaName;

    private const string Sql = $"""
        select shard.projection,
               greatest(latest.seq_id - coalesce(p.last_seq_id, 0), 0),
               coalesce(extract(epoch from now() - (
                   select e.timestamp from {Schema}.mt_events e
                   where e.seq_id > coalesce(p.last_seq_id, 0) and e.seq_id <= latest.seq_id
                   order by e.seq_id limit 1)), 0)::float8
        from unnest($1::text[], $2::text[]) as shard(projection, progression)
        cross join (select coalesce(max(seq_id), 0) as seq_id from {Schema}.mt_events) as latest
        left join {Schema}.mt_event_progression p on p.name = shard.progression
        """;

    public ProjectionLagGauges(NpgsqlDataSource dataSource, RegionDataSources regionDatabases, StoreOptions store, IMeterFactory meters,
        IConfiguration configuration, ILogger<ProjectionLagGauges> logger)
    {
        _dataSource = dataSource;
        _regionDatabases = regionDatabases;
        _store = store;
        _logger = logger;
        _interval = configuration.GetValue("Observability:ProjectionLagInterval", TimeSpan.FromSeconds(5));
        var meter = meters.Create(BusinessMetrics.MeterName);
        meter.CreateObservableGauge("talentpool.projection.lag.events",
            () => _samples.Select(sample => new Measurement<long>(sample.EventsBehind, Tag(sample))), "{event}",
            "Events stored that the async projection has not processed yet (sequence numbers behind the newest event).");
        meter.CreateObservableGauge("talentpool.projection.lag",
            () => _samples.Select(sample => new Measurement<double>(sample.SecondsBehind, Tag(sample))), "s",
            "How long the oldest event the async projection has not processed yet has been stored; 0 when caught up.");
    }

    /// <summary>The last sample, per async projection.</summary>
    public IReadOnlyList<Sample> Samples => _samples;

    /// <summary>Reads every async projection's progress now (the background loop calls it every interval).</summary>
    public async Task SampleAsync(CancellationToken cancellation)
    {
        var shards = _store.Projections.AllShards().Select(shard => shard.Name).ToList();
        var samples = new List<Sample>();
        // Every database has its own events, progress and daemon (Hosting/RegionDatabases.cs): each is sampled.
        foreach (var (name, database) in _regionDatabases.WithShared(_dataSource))
        {
            await using var command = database.CreateCommand(Sql);
            command.Parameters.AddWithValue(shards.Select(shard => shard.Name).ToArray());
            command.Parameters.AddWithValue(shards.Select(shard => shard.Identity).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                samples.Add(new Sample(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), name == "shared" ? null : name));
        }
        _samples = samples;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away (or its schema not there yet): no figure is better than a stale one. A gauge never
                // stops the service, so nothing is thrown on.
                _samples = [];
                if (failure is NpgsqlException or TimeoutException) _logger.LogDebug(failure, "Could not read the projections' progress");
                else _logger.LogWarning(failure, "Could not read the projections' progress");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The projection; a region's database of its own is named as well (the shared database's series keep their one label).</summary>
    private static TagList Tag(Sample sample) => sample.Database is null
        ? new TagList { { "projection", sample.Projection } }
        : new TagList { { "projection", sample.Projection }, { "database", sample.Database } };
}
