using Marten;
using Npgsql;
using TalentPool.Billing;
using TalentPool.Hosting.Rebuilding;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.ReadModels;

/// <summary>
/// The one pass that rebuilds every inline one-document-per-stream projection (Hosting/Rebuilding): with the indexes and the
/// shared base's counting triggers away while it writes, everything it leaves is what the live writes built — each row of
/// each rebuilt table (documents, revisions, the search columns the database makes), every index, every trigger, the facet
/// counts — and the triggers count the next write. In a database of its own, written through sessions as the API writes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OnePassRebuildTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private DocumentStore _store = null!;

    /// <summary>Two regions (tenants): each stream's documents must come back in its own region.</summary>
    private static readonly string[] Regions =
        [TalentPool.Hosting.RegionTenancy.TenantOf(Guid.NewGuid()), TalentPool.Hosting.RegionTenancy.TenantOf(Guid.NewGuid())];

    public async Task InitializeAsync()
    {
        _store = TalentPoolStores.For(await fixture.Postgres.CreateDatabaseAsync("one_pass_rebuild"));
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await RecordTalentsAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Talents in every shape the shared base knows: sharing from the start, late consent, withdrawn, updated, erased.</summary>
    private async Task RecordTalentsAsync()
    {
        for (var i = 0; i < 12; i++)
        {
            var request = TalentRequests.Registration() with
            {
                CompetenceAreas = [$"Area {i % 3}", "Process chemistry"],
                Languages = i % 2 == 0 ? ["en"] : ["en", "no"],
                ShareWithPartners = i % 3 != 0,
                ShareWithMunicipalities = i % 4 == 0,
            };
            var registered = TalentDecisions.Register(request, Guid.NewGuid(), Now.AddDays(-i));
            await using var session = _store.LightweightSession(Regions[i % 2]);
            session.Events.StartStream<Talent>(registered.TalentId, registered);
            await session.SaveChangesAsync();

            // Later facts, each in a write of its own as the API appends them (the stream fetched for writing: its version known).
            object later = (i % 6) switch
            {
                0 => new TalentConsentGiven(registered.TalentId, ConsentScope.Partners, Now.AddDays(1 - i)), // shared with nobody before
                1 => new TalentConsentWithdrawn(registered.TalentId, ConsentScope.Partners, Now.AddDays(1 - i)),
                2 => new TalentProfileUpdated(registered.TalentId, registered.Personal, registered.Profile with { YearsOfExperience = 12 }, Now),
                3 => new TalentErased(registered.TalentId, ErasureRequester.Talent, Now),
                // Seen in the other region too (its token in the document's filter tokens), or in every region.
                4 => new TalentOtherRegionsConsentGiven(registered.TalentId, false, [Guid.Parse(Regions[(i + 1) % 2])], Now),
                _ => new TalentOtherRegionsConsentGiven(registered.TalentId, true, [], Now),
            };
            await using var next = _store.LightweightSession(Regions[i % 2]);
            var stream = await next.Events.FetchForWriting<Talent>(registered.TalentId);
            stream.AppendOne(later);
            await next.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Every_row_index_trigger_and_facet_count_after_the_one_pass_is_what_the_live_writes_built()
    {
        var covered = _store.Options.Projections.All.Where(StreamReadModelsRebuild.Covers).ToList();
        covered.Select(p => p.Name).ShouldContain("SharedTalent");
        covered.Select(p => p.Name).ShouldContain("Talent");
        var live = await StateAsync();
        live.Rows.ShouldContain(row => row.StartsWith("mt_doc_shared_talent "));
        live.Rows.ShouldContain(row => row.StartsWith("mt_doc_shared_talent ") && row.Contains(Regions[0]));
        live.Rows.ShouldContain(row => row.StartsWith("mt_doc_shared_talent ") && row.Contains(Regions[1]));
        live.Rows.ShouldContain(row => row.StartsWith("mt_doc_shared_talent ") && row.Contains("visibleIn:*"));
        var seenInTheOther = "visibleIn:" + Regions[1]; // the talents of Regions[0] named Regions[1]
        live.Rows.ShouldContain(row => row.StartsWith("mt_doc_shared_talent ") && row.Contains(seenInTheOther));

        var rebuilt = await StreamReadModelsRebuild.RunAsync(_store, covered, null, CancellationToken.None);

        rebuilt.Events.ShouldBe(24); // 12 registrations and 12 later facts
        var after = await StateAsync();
        after.Rows.ShouldBe(live.Rows);
        after.Indexes.ShouldBe(live.Indexes);
        after.Triggers.ShouldBe(live.Triggers);
        after.Counts.ShouldBe(live.Counts);
        after.Counts.ShouldBe(await CountedFromDocumentsAsync());
        after.Probes.ShouldNotBeEmpty();
        after.Probes.ShouldBe(live.Probes);
        after.Probes.ShouldBe(await ProbesOfDocumentsAsync());
        // As Marten's own rebuild leaves them: each projection has processed the events up to the last one.
        foreach (var projection in covered)
        {
            var progress = await _store.Advanced.ProjectionProgressFor(new JasperFx.Events.Projections.ShardName(projection.Name));
            progress.ShouldBe(24, projection.Name);
        }
    }

    [Fact]
    public async Task After_the_one_pass_the_facet_counting_triggers_count_the_next_registration()
    {
        var covered = _store.Options.Projections.All.Where(StreamReadModelsRebuild.Covers).ToList();
        await StreamReadModelsRebuild.RunAsync(_store, covered, null, CancellationToken.None);
        var before = await StateAsync();

        var registered = TalentDecisions.Register(TalentRequests.Registration() with { CompetenceAreas = ["Welding"] }, Guid.NewGuid(), Now);
        await using (var session = _store.LightweightSession(Regions[0]))
        {
            session.Events.StartStream<Talent>(registered.TalentId, registered);
            await session.SaveChangesAsync();
        }

        var after = await StateAsync();
        after.Counts.ShouldNotBe(before.Counts);
        after.Counts.ShouldContain(count => count.Contains("competenceArea Welding 1"));
        after.Counts.ShouldBe(await CountedFromDocumentsAsync());
        after.Probes.ShouldContain(row => row.StartsWith("competenceArea:Welding ") && row.Contains(registered.TalentId.ToString()));
        after.Probes.ShouldBe(await ProbesOfDocumentsAsync());
    }

    [Fact]
    public void A_projection_that_reads_beyond_its_stream_is_left_to_the_daemon()
    {
        var billable = _store.Options.Projections.All.Single(p => p.Name == BillableHireProjection.ProjectionName);
        StreamReadModelsRebuild.Covers(billable).ShouldBeFalse();
        _store.Options.Projections.All.Where(StreamReadModelsRebuild.Covers).ShouldAllBe(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Inline);
    }

    private sealed record ReadSideState(List<string> Rows, List<string> Indexes, List<string> Triggers, List<string> Counts, List<string> Probes);

    /// <summary>
    /// Every row of the rebuilt tables as PostgreSQL holds it (every column but the time it was written), their indexes and
    /// triggers (enabled or not) as PostgreSQL defines them, and the kept facet counts.
    /// </summary>
    private async Task<ReadSideState> StateAsync()
    {
        var schema = _store.Options.DatabaseSchemaName;
        var tables = _store.Options.Projections.All.Where(StreamReadModelsRebuild.Covers)
            .Select(p => ((IReadOnlyStoreOptions)_store.Options).Schema.For(((JasperFx.Events.Aggregation.IAggregateProjection)p).AggregateType))
            .Distinct().Order().ToList();
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var table in tables)
        {
            rows.AddRange(await ListAsync(connection,
                $"select '{table.Split('.')[^1]} ' || (to_jsonb(d) - 'mt_last_modified')::text from {table} as d order by d.id"));
        }
        var indexes = await ListAsync(connection,
            $"select indexdef from pg_indexes where schemaname = '{schema}' and tablename like 'mt_doc_%' order by 1");
        var triggers = await ListAsync(connection,
            $"select concat_ws(' ', tgname, tgenabled::text, pg_get_triggerdef(t.oid)) from pg_trigger as t join pg_class as c on c.oid = t.tgrelid " +
            $"join pg_namespace as n on n.oid = c.relnamespace where n.nspname = '{schema}' and not t.tgisinternal order by 1");
        // A count that fell to 0 (a withdrawal) stays a row when kept by the trigger and is no row when counted afresh, and changes
        // not folded yet are rows of their own: summed as readers sum them, the same answer.
        var counts = await ListAsync(connection,
            $"select concat_ws(' ', tenant_id, scope, span, start, facet, value, sum(talents)) from {schema}.{SharedTalentFacetCounts.TableName} "
            + "group by tenant_id, scope, span, start, facet, value having sum(talents) <> 0 order by 1");
        var probes = await ListAsync(connection, $"select {ProbeRow} from {SharedTalentProbes.Table(schema)} as p order by 1");
        return new ReadSideState(rows, indexes, triggers, counts, probes);
    }

    /// <summary>A probe row (Talents/SharedTalentProbes.cs) as text: its token, then every column it copies of the document.</summary>
    private const string ProbeRow =
        "concat_ws(' ', p.token, p.tenant_id, p.id, p.shared_with_partners_since, p.shared_with_municipalities_since, p.registered_at, " +
        "p.profileyears_of_experience, p.filter_tokens, p.search_vector)";

    private async Task<List<string>> ProbesOfDocumentsAsync()
    {
        var schema = _store.Options.DatabaseSchemaName;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        return await ListAsync(connection,
            $"select {ProbeRow} from ({SharedTalentProbes.RowsOfDocumentsSql($"{schema}.mt_doc_shared_talent")}) as p order by 1");
    }

    private async Task<List<string>> CountedFromDocumentsAsync()
    {
        var schema = _store.Options.DatabaseSchemaName;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        return await ListAsync(connection,
            $"select concat_ws(' ', tenant_id, scope, span, start, facet, value, talents) from " +
            $"({SharedTalentFacetCounts.CountedFromDocumentsSql(schema, $"{schema}.mt_doc_shared_talent")}) as counted order by 1");
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
