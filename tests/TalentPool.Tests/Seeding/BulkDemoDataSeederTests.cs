using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Seeding;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Seeding;

/// <summary>
/// The bulk seeding (Marten's COPY loaders, the store's projections applied by the seeder) against the history appended
/// through document sessions with the inline projections in their commits and the async ones built by the daemon: the
/// same events, and every document of every read model the same, row for row.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BulkDemoDataSeederTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DemoDataPlan Plan = new(Seed: 11, Talents: 1_500, Years: 3, Until: new DateOnly(2026, 11, 25));

    private DocumentStore _throughSessions = null!, _bulk = null!;
    private string _throughSessionsDatabase = null!, _bulkDatabase = null!;

    public async Task InitializeAsync()
    {
        _throughSessionsDatabase = await fixture.Postgres.CreateDatabaseAsync("seed_sessions");
        _throughSessions = TalentPoolStores.For(_throughSessionsDatabase);
        await _throughSessions.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await DemoDataSeeder.SeedAsync(_throughSessions, Plan, eventsPerTransaction: 500);
        using (var daemon = await _throughSessions.BuildProjectionDaemonAsync())
        {
            await daemon.CatchUpAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        _bulkDatabase = await fixture.Postgres.CreateDatabaseAsync("seed_bulk");
        _bulk = TalentPoolStores.For(_bulkDatabase);
        await _bulk.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Small batches, several gathered across streams at once: documents gathered across streams carry over from one
        // group to the next, as in the daemon.
        await BulkDemoDataSeeder.SeedAsync(_bulk, Plan, eventsPerBatch: 700, crossStreamEvents: 2_000);
    }

    public async Task DisposeAsync()
    {
        await _throughSessions.DisposeAsync();
        await _bulk.DisposeAsync();
    }

    [Fact]
    public async Task The_bulk_seeding_appends_the_same_events_in_the_same_order_with_the_same_metadata()
    {
        const string events = "select stream_id::text || '/' || version || '/' || type || '/' || data::text || '/' || " +
            "coalesce(correlation_id, '') || '/' || coalesce(user_name, '') || '/' || mt_dotnet_type from talentpool.mt_events order by seq_id";
        const string streams = "select id::text || '/' || type || '/' || version from talentpool.mt_streams order by id";
        var expected = await RowsAsync(_throughSessionsDatabase, events);
        expected.Count.ShouldBeGreaterThan(2_000);
        (await RowsAsync(_bulkDatabase, events)).ShouldBe(expected);
        (await RowsAsync(_bulkDatabase, streams)).ShouldBe(await RowsAsync(_throughSessionsDatabase, streams));
    }

    [Fact]
    public async Task Every_read_model_inline_and_async_is_what_sessions_and_the_daemon_build_row_for_row()
    {
        var tables = await RowsAsync(_throughSessionsDatabase,
            $"select table_name from information_schema.tables where table_schema = '{DatabaseConfiguration.SchemaName}' and table_name like 'mt_doc_%' order by 1");
        tables.Count.ShouldBeGreaterThan(20);
        var gatheredByTheDaemon = _bulk.Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async)
            .SelectMany(p => p.PublishedTypes()).Select(type => ((IReadOnlyStoreOptions)_bulk.Options).Schema.For(type, qualified: false)).ToHashSet();
        gatheredByTheDaemon.Count.ShouldBeGreaterThan(5);
        foreach (var table in tables)
        {
            // Every column but when the row was written, and the revision of a document the daemon gathers across streams:
            // the daemon writes the sequence of the last event it applied there, the seeder's session Marten's first revision.
            // A counts document keeps that sequence too (CountsDocument.LastSequence), numbered as each path numbered its events.
            var ignored = gatheredByTheDaemon.Contains(table) ? " - 'mt_version' #- '{data,lastSequence}'" : "";
            var rows = $"select (to_jsonb(d) - 'mt_last_modified' - 'mt_created_at'{ignored})::text from {DatabaseConfiguration.SchemaName}.{table} d order by 1";
            var expected = await RowsAsync(_throughSessionsDatabase, rows);
            var actual = await RowsAsync(_bulkDatabase, rows);
            var differences = expected.Except(actual).Select(row => $"only through sessions: {row}").Take(2)
                .Concat(actual.Except(expected).Select(row => $"only bulk: {row}").Take(2)).ToList();
            differences.ShouldBeEmpty($"{table} ({expected.Count} rows through sessions, {actual.Count} bulk)");
            actual.Count.ShouldBe(expected.Count, table);
        }
    }

    [Fact]
    public async Task The_daemon_starts_after_the_last_seeded_event()
    {
        var last = long.Parse((await RowsAsync(_bulkDatabase, "select max(seq_id)::text from talentpool.mt_events")).Single());
        var shards = _bulk.Options.Projections.AllShards().Select(s => s.Name.Identity).ToList();
        shards.ShouldNotBeEmpty();
        var progress = await _bulk.Advanced.AllProjectionProgress();
        foreach (var shard in shards) progress.Single(p => p.ShardName == shard).Sequence.ShouldBe(last, shard);
        progress.Single(p => p.ShardName == "HighWaterMark").Sequence.ShouldBe(last);
    }

    [Fact]
    public async Task The_seeded_store_is_one_marten_made_indexes_triggers_and_facet_counts_the_same_aggregates_load_and_a_live_write_continues_it()
    {
        // The seeder drops the document tables' secondary indexes and the shared base's counting triggers while it copies,
        // then builds them once and counts the facets from the documents: the schema and the counts are the live ones.
        const string indexes = "select tablename || ': ' || indexdef from pg_indexes where schemaname = 'talentpool' order by 1";
        const string triggers = "select event_object_table || ': ' || trigger_name || ' ' || event_manipulation from information_schema.triggers " +
            "where trigger_schema = 'talentpool' order by 1";
        var facetCounts = "select tenant_id || '/' || scope || '/' || span || '/' || start || '/' || facet || '/' || value || '=' || sum(talents) " +
            $"from talentpool.{TalentPool.Talents.SharedTalentFacetCounts.TableName} group by tenant_id, scope, span, start, facet, value " +
            "having sum(talents) <> 0 order by 1";
        foreach (var sql in new[] { indexes, triggers, facetCounts })
        {
            var expected = await RowsAsync(_throughSessionsDatabase, sql);
            expected.ShouldNotBeEmpty(sql);
            (await RowsAsync(_bulkDatabase, sql)).ShouldBe(expected, sql);
        }

        // Aggregates load from the copied streams as Marten folds them, equal to their stored snapshots.
        var vacancyId = Guid.Parse((await RowsAsync(_bulkDatabase,
            "select id::text from talentpool.mt_doc_vacancy where data ->> 'status' = 'Open' and data ->> 'employerKind' = 'Partner' " +
            "order by mt_version desc, id limit 1")).Single());
        var tenant = (await RowsAsync(_bulkDatabase, $"select tenant_id from talentpool.mt_streams where id = '{vacancyId}'")).Single();
        var lastSeeded = long.Parse((await RowsAsync(_bulkDatabase, "select max(seq_id)::text from talentpool.mt_events")).Single());
        Vacancies.Vacancy stored;
        await using (var query = _bulk.QuerySession(tenant))
        {
            stored = (await query.LoadAsync<Vacancies.Vacancy>(vacancyId)).ShouldNotBeNull();
            (await query.Events.AggregateStreamAsync<Vacancies.Vacancy>(vacancyId)).ShouldBe(stored);
            (await query.Events.FetchStreamStateAsync(vacancyId)).ShouldNotBeNull().Version.ShouldBe(stored.Version);
        }

        // A live write through a session: the inline snapshot's revision check passes, the event takes the next sequence
        // and the stream's next version, and the async daemon continues from the seeded end to it.
        await using (var session = _bulk.LightweightSession(tenant))
        {
            var stream = await session.Events.FetchForWriting<Vacancies.Vacancy>(vacancyId);
            stream.AppendOne(new Vacancies.VacancyClosed(vacancyId, stored.EmployerKind, stored.EmployerId, Vacancies.VacancyClosure.Withdrawn,
                new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
            await session.SaveChangesAsync();
        }
        var written = (await RowsAsync(_bulkDatabase, $"select seq_id || '/' || version from talentpool.mt_events where seq_id > {lastSeeded}")).Single();
        written.ShouldBe($"{lastSeeded + 1}/{stored.Version + 1}");
        await using (var query = _bulk.QuerySession(tenant))
        {
            var closed = (await query.LoadAsync<Vacancies.Vacancy>(vacancyId)).ShouldNotBeNull();
            closed.Status.ShouldBe(Vacancies.VacancyStatus.Closed);
            closed.Version.ShouldBe(stored.Version + 1);
        }
        using (var daemon = await _bulk.BuildProjectionDaemonAsync())
        {
            await daemon.CatchUpAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        }
        var progress = await _bulk.Advanced.AllProjectionProgress();
        foreach (var shard in _bulk.Options.Projections.AllShards().Select(s => s.Name.Identity))
        {
            progress.Single(p => p.ShardName == shard).Sequence.ShouldBe(lastSeeded + 1, shard);
        }
        await using (var query = _bulk.QuerySession(tenant))
        {
            // The partner's dashboard counts (async) took the closing: the vacancy is no longer open there.
            var counts = (await query.LoadAsync<TalentPool.Metrics.PartnerDashboardCounts>(stored.EmployerId)).ShouldNotBeNull();
            counts.OpenVacancies.Keys.ShouldNotContain(vacancyId);
            counts.LastSequence.ShouldBe(lastSeeded + 1);
        }
    }

    private static async Task<List<string>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
