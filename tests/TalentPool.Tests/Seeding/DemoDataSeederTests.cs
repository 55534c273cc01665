using TalentPool.Hosting;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Seeding;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Seeding;

/// <summary>
/// The demo data generator on real PostgreSQL, seeded as the <c>seed</c> command does (bulk): one seed gives the same events
/// and documents, another seed others, and what the API reads (the shared base, the hires, the async monthly metrics)
/// agrees with the events generated.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoDataSeederTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DemoDataPlan Plan = new(Seed: 7, Talents: 1_200, Years: 3, Until: new DateOnly(2026, 11, 25));

    private readonly List<DocumentStore> _stores = [];
    private (DocumentStore Store, string ConnectionString, DemoDataSummary Summary) _first, _again, _other;

    public async Task InitializeAsync()
    {
        _first = await SeedAsync(Plan);
        _again = await SeedAsync(Plan);
        _other = await SeedAsync(Plan with { Seed = 8 });
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }

    private async Task<(DocumentStore, string, DemoDataSummary)> SeedAsync(DemoDataPlan plan)
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("demo_seed");
        var store = TalentPoolStores.For(connectionString);
        _stores.Add(store);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return (store, connectionString, (await BulkDemoDataSeeder.SeedAsync(store, plan, eventsPerBatch: 500)).Summary);
    }

    [Fact]
    public async Task One_seed_gives_the_same_events_in_the_same_order_and_the_same_documents_another_seed_others()
    {
        var first = await RowsAsync(_first.ConnectionString, EventsSql);
        first.Count.ShouldBe((int)_first.Summary.Events);
        (await RowsAsync(_again.ConnectionString, EventsSql)).ShouldBe(first);
        (await RowsAsync(_again.ConnectionString, SharedTalentsSql)).ShouldBe(await RowsAsync(_first.ConnectionString, SharedTalentsSql));
        (await RowsAsync(_again.ConnectionString, HiresSql)).ShouldBe(await RowsAsync(_first.ConnectionString, HiresSql));

        var other = await RowsAsync(_other.ConnectionString, EventsSql);
        other.Intersect(first).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_history_holds_every_kind_of_fact_the_metrics_read()
    {
        var events = await EventsAsync(_first.Store);
        var hires = events.OfType<HireRecorded>().ToList();
        hires.Select(h => h.Classification).Distinct().Order().ShouldBe([HireClassification.External, HireClassification.Internal, HireClassification.Local]);
        events.OfType<HireCancelled>().ShouldNotBeEmpty();
        events.OfType<EmploymentEnded>().Select(e => e.LeftRegion).Distinct().Count().ShouldBe(2);
        events.OfType<AccompanyingPartnerEmployed>().ShouldNotBeEmpty();
        events.OfType<TalentConsentGiven>().ShouldNotBeEmpty();
        events.OfType<TalentConsentWithdrawn>().ShouldNotBeEmpty();
        events.OfType<TalentRegistered>().Select(t => t.Profile.CountryOfResidence).Distinct().Count().ShouldBeGreaterThan(5);
        events.OfType<CandidateRejected>().ShouldNotBeEmpty();
        events.OfType<PartnerMembershipCancelled>().ShouldNotBeEmpty();
        events.OfType<MunicipalityLeft>().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_shared_base_holds_exactly_the_talents_whose_consent_is_in_force_on_the_last_day()
    {
        var inForceSince = TalentConsents.InForceSince(new DateTimeOffset(Plan.Until.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), 24);
        var consentSince = new Dictionary<Guid, DateTimeOffset?>();
        foreach (var e in await EventsAsync(_first.Store))
        {
            switch (e)
            {
                case TalentRegistered r: consentSince[r.TalentId] = r.ConsentsGiven.Contains(ConsentScope.Partners) ? r.RegisteredAt : null; break;
                case TalentConsentGiven { Scope: ConsentScope.Partners } g: consentSince[g.TalentId] = g.GivenAt; break;
                case TalentConsentWithdrawn { Scope: ConsentScope.Partners } w: consentSince[w.TalentId] = null; break;
            }
        }
        var expected = consentSince.Values.Count(since => since > inForceSince);
        expected.ShouldBeGreaterThan(100);
        expected.ShouldBeLessThan(consentSince.Count); // some never shared, withdrew, or let their consent run out

        await using var session = _first.Store.QuerySession(RegionTenancy.TenantOf(_first.Summary.RegionId));
        var (_, facets) = await SharedTalentSearch.RunAsync(session, new SharedTalentFilter(ConsentScope.Partners, inForceSince), null, 1, CancellationToken.None);
        // Every talent has one education level: the education facet counts every match once.
        facets.EducationLevels.Sum(e => e.Count).ShouldBe(expected);
        facets.CountedTalents.ShouldBe(expected);
        facets.Exact.ShouldBeTrue();
    }

    [Fact]
    public async Task The_inline_read_models_and_the_async_monthly_metrics_agree_with_the_events()
    {
        var events = await EventsAsync(_first.Store);
        var hires = events.OfType<HireRecorded>().ToList();
        await using (var session = _first.Store.QuerySession(RegionTenancy.TenantOf(_first.Summary.RegionId)))
        {
            (await session.Query<Talent>().CountAsync()).ShouldBe(Plan.Talents);
            (await session.Query<Hire>().CountAsync()).ShouldBe(hires.Count);
        }

        using (var daemon = await _first.Store.BuildProjectionDaemonAsync())
        {
            await daemon.CatchUpAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        }
        await using var query = _first.Store.QuerySession(RegionTenancy.TenantOf(_first.Summary.RegionId));
        var months = await query.Query<RegionHiresPerMonth>().Where(m => m.RegionId == _first.Summary.RegionId).ToListAsync();
        months.Sum(m => m.Recorded).ShouldBe(hires.Count);
        months.Sum(m => m.Internal).ShouldBe(hires.Count(h => h.Classification == HireClassification.Internal));
        months.Sum(m => m.Cancelled).ShouldBe(events.OfType<HireCancelled>().Count());
        months.Sum(m => m.LeftRegion).ShouldBe(events.OfType<EmploymentEnded>().Count(e => e.LeftRegion));
    }

    private const string EventsSql = "select stream_id::text || '/' || version || '/' || type || '/' || data::text from talentpool.mt_events order by seq_id";
    private const string SharedTalentsSql = "select id::text || '/' || data::text from talentpool.mt_doc_shared_talent order by id";
    private const string HiresSql = "select id::text || '/' || data::text from talentpool.mt_doc_hire order by id";

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

    private static async Task<List<object>> EventsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return [.. (await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).OrderBy(e => e.Sequence).ToListAsync()).Select(e => e.Data)];
    }
}
