using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using TalentPool.Billing;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Hosting.Rebuilding;
using TalentPool.Metrics;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.ReadModels;

/// <summary>
/// Every read model the API answers with is a projection of the events: thrown away and rebuilt by Marten's projection
/// daemon, it is what was built live, document for document. In a database of its own, with every kind of event.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadModelRebuildTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    private DocumentStore _store = null!;
    private Guid _erasedTalent;

    public async Task InitializeAsync()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("read_model_rebuild");
        _store = TalentPoolStores.For(connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await RecordHistoryAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>
    /// A region's history with every event each read model applies, some streams changed many times; in Marten's default
    /// tenant, or in the region's own tenant as the API writes it.
    /// </summary>
    private async Task RecordHistoryAsync(bool inTheRegionsTenant = false)
    {
        var (countyId, regionId, partnerId, municipalityId, vacancyId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        IDocumentSession Open() => inTheRegionsTenant ? _store.LightweightSession(RegionTenancy.TenantOf(regionId)) : _store.LightweightSession();
        var priya = TalentDecisions.Register(TalentRequests.Registration(), Guid.NewGuid(), Now);
        var erased = TalentDecisions.Register(TalentRequests.Registration(), Guid.NewGuid(), Now);
        if (!inTheRegionsTenant) _erasedTalent = erased.TalentId;
        var details = new VacancyDetails("Process engineer", "Scale up cell production.", "Battery engineering", "3403", 2, Day(2027, 1, 31), ["en"]);
        var (hired, cancelled) = (Guid.NewGuid(), Guid.NewGuid());
        var fee = new Money(20_000m, "NOK");

        // The region's billing before the hires, committed first: a hire's billable fact counts the billing events before it.
        // Each in a write of its own, as the API appends them.
        var october = new Statement(partnerId, PayerKind.Partner, "Nammo", regionId, new BillingMonth(2026, 10), "NOK",
            [new StatementLine(partnerId, "Nammo", LineKind.PartnerLicence, null, "Standard partner licence, 2026-10 (whole month)", new Money(2_500m, "NOK"))],
            new Money(2_500m, "NOK"), true);
        object[] billingEvents =
        [
            new BillingPeriodClosed(regionId, new BillingMonth(2026, 10), Now, [october]),
            new BillingPeriodReopened(regionId, new BillingMonth(2026, 10), "Closed too early", Now.AddHours(1)),
            new BillingPeriodClosed(regionId, new BillingMonth(2026, 10), Now.AddHours(2), [october]),
        ];
        await using (var billing = Open())
        {
            billing.Events.StartStream<RegionBilling>(RegionBilling.StreamIdFor(regionId), billingEvents[0]);
            await billing.SaveChangesAsync();
        }
        foreach (var billingEvent in billingEvents[1..])
        {
            await using var billing = Open();
            (await billing.Events.FetchForWriting<RegionBilling>(RegionBilling.StreamIdFor(regionId))).AppendOne(billingEvent);
            await billing.SaveChangesAsync();
        }

        await using var session = Open();
        session.Events.StartStream<County>(countyId,
            new CountyRegistered(countyId, "Innlandet", "NO", ["3403", "3405"]),
            new CountyMunicipalitiesRecorded(countyId, "NO", ["3403", "3405", "3407"], Day(2027, 1, 1)));
        session.Events.StartStream<Region>(regionId,
            new RegionRegistered(regionId, "Hamar-regionen", countyId, "NO", "NOK", ["3403", "3405"], 10, 500),
            new PriceListPublished(regionId, PriceList.Defaults(Day(2026, 1, 1))),
            new PriceListPublished(regionId, PriceList.Defaults(Day(2027, 1, 1))),
            new PriceListCorrected(regionId, PriceList.Defaults(Day(2027, 1, 1)) with { Small = new PartnerPrice(1_200m, 20_000m) }, "Typo"),
            new ConsentValidityChanged(regionId, 12),
            new LongRangeGoalSet(regionId, 2_000, new BillingMonth(2028, 12)));
        session.Events.StartStream<Partner>(partnerId,
            new PartnerJoined(partnerId, regionId, "Nammo", "976 727 238", 30, PartnerTier.Small, Day(2026, 1, 1), null),
            new PartnerTierChanged(partnerId, regionId, PartnerTier.Standard, 80, Day(2026, 3, 1), null),
            new PartnerTierCorrected(partnerId, regionId, PartnerTier.Standard, 85, Day(2026, 3, 1), null, "Counted again"),
            new PartnerMembershipCancelled(partnerId, regionId, Day(2026, 6, 1), "Pause"),
            new PartnerRejoined(partnerId, regionId, PartnerTier.Standard, 90, Day(2026, 9, 1), null));
        session.Events.StartStream<Municipality>(municipalityId,
            new MunicipalityJoined(municipalityId, "3403", "Hamar", regionId, 32_000, 2025, Day(2026, 1, 1), LicencePayer.Municipality),
            new MunicipalityPopulationUpdated(municipalityId, regionId, 32_500, 2026, Day(2027, 1, 1)),
            new MunicipalityPopulationCorrected(municipalityId, regionId, 32_600, 2026, Day(2027, 1, 1), "Final count"),
            new MunicipalityPayerChanged(municipalityId, regionId, LicencePayer.RegionalCouncil, Day(2026, 7, 1)),
            new MunicipalityPayerCorrected(municipalityId, regionId, LicencePayer.RegionalCouncil, Day(2026, 7, 1), "Council decision"),
            new MunicipalityLeft(municipalityId, regionId, Day(2026, 9, 1), "Budget"),
            new MunicipalityRejoined(municipalityId, regionId, Day(2026, 11, 1)));
        session.Events.StartStream<Talent>(priya.TalentId,
            priya,
            new TalentProfileUpdated(priya.TalentId, priya.Personal with { Phone = null }, priya.Profile with { YearsOfExperience = 8 }, Now.AddDays(1)),
            new TalentConsentGiven(priya.TalentId, ConsentScope.Municipalities, Now.AddDays(2)),
            new TalentConsentWithdrawn(priya.TalentId, ConsentScope.Partners, Now.AddDays(3)));
        session.Events.StartStream<Talent>(erased.TalentId, erased, new TalentErased(erased.TalentId, ErasureRequester.Talent, Now.AddDays(1)));
        session.Events.StartStream<Vacancy>(vacancyId,
            new VacancyPosted(vacancyId, EmployerKind.Partner, partnerId, regionId, details, Now),
            new VacancyUpdated(vacancyId, EmployerKind.Partner, partnerId, details with { Positions = 3 }, Now.AddDays(1)),
            new VacancyClosed(vacancyId, EmployerKind.Partner, partnerId, VacancyClosure.Filled, Now.AddDays(9)));
        var interviewed = Candidacy.IdFor(vacancyId, priya.TalentId);
        var rejected = Candidacy.IdFor(vacancyId, erased.TalentId);
        session.Events.StartStream<Candidacy>(interviewed,
            new CandidateIntroduced(interviewed, vacancyId, priya.TalentId, EmployerKind.Partner, partnerId, Now),
            new CandidateMovedToStage(interviewed, EmployerKind.Partner, partnerId, CandidateStage.Interview, Now.AddDays(2)));
        session.Events.StartStream<Candidacy>(rejected,
            new CandidateIntroduced(rejected, vacancyId, erased.TalentId, EmployerKind.Partner, partnerId, Now),
            new CandidateRejected(rejected, EmployerKind.Partner, partnerId, "Another profile", Now.AddDays(2)),
            new CandidacyTextErased(rejected, EmployerKind.Partner, partnerId, Now.AddDays(3)));
        session.Events.StartStream<Hire>(hired,
            new HireRecorded(hired, priya.TalentId, partnerId, regionId, vacancyId, Day(2026, 12, 1), Day(2027, 1, 1),
                HireClassification.External, null, fee, "IN", ["Battery engineering"], Now, true, "3403"),
            new AccompanyingPartnerEmployed(hired, partnerId, regionId, Day(2027, 1, 1), "3403", Day(2027, 2, 1), null, "Nurse"),
            new EmploymentEnded(hired, partnerId, regionId, Day(2027, 1, 1), "3403", Day(2027, 10, 1), true, "Moved on"));
        session.Events.StartStream<Hire>(cancelled,
            new HireRecorded(cancelled, erased.TalentId, partnerId, regionId, null, Day(2026, 12, 1), Day(2027, 1, 1),
                HireClassification.Local, null, fee, "NO", ["Welding"], Now, false, null),
            new HireCancelled(cancelled, partnerId, regionId, Day(2027, 1, 1), null, Day(2027, 2, 1), "Probation", fee),
            new HireTextErased(cancelled, partnerId, regionId, Day(2027, 1, 1), null, Now.AddDays(3)));
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task The_talents_own_profile_rebuilds_as_it_was_built_live_and_the_erased_talent_stays_gone()
    {
        // The profile is read from the talent's inline snapshot (TalentProfileView.ReadAsync).
        var (live, rebuilt) = await RebuildAsync<Talent>(daemon => daemon.RebuildProjectionAsync(nameof(Talent), TimeSpan.FromSeconds(30), CancellationToken.None));
        rebuilt.ShouldBe(live);
        live.Count.ShouldBe(1);
        await using var session = _store.QuerySession();
        (await TalentProfileView.ReadAsync(_erasedTalent, session, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_partners_history_rebuilds_as_it_was_built_live() => await ShouldRebuildAsLiveAsync<PartnerHistory, PartnerHistoryProjection>();

    [Fact]
    public async Task A_municipalitys_history_rebuilds_as_it_was_built_live() =>
        await ShouldRebuildAsLiveAsync<MunicipalityHistory, MunicipalityHistoryProjection>();

    [Fact]
    public async Task A_region_rebuilds_as_it_was_built_live() => await ShouldRebuildAsLiveAsync<RegionDetails, RegionDetailsProjection>();

    [Fact]
    public async Task A_county_rebuilds_as_it_was_built_live() => await ShouldRebuildAsLiveAsync<CountyDetails, CountyDetailsProjection>();

    [Fact]
    public async Task A_vacancy_rebuilds_as_it_was_built_live() => await ShouldRebuildAsLiveAsync<VacancyView, VacancyViewProjection>();

    [Fact]
    public async Task Candidates_rebuild_as_they_were_built_live()
    {
        var (live, rebuilt) = await RebuildAsync<CandidateDetails, CandidateDetailsProjection>();
        rebuilt.ShouldBe(live);
        live.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Hires_rebuild_as_they_were_built_live()
    {
        // A hire is read from its inline snapshot (HireDetails.ReadAsync).
        var (live, rebuilt) = await RebuildAsync<Hire>(daemon => daemon.RebuildProjectionAsync(nameof(Hire), TimeSpan.FromSeconds(30), CancellationToken.None));
        rebuilt.ShouldBe(live);
        live.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_regions_members_and_their_membership_dates_rebuild_as_the_daemon_built_them()
    {
        var (live, rebuilt) = await RebuildAfterTheDaemonAsync<RegionMembers, RegionMembersProjection>();
        rebuilt.ShouldBe(live);
        await using var session = _store.QuerySession();
        var members = (await session.Query<RegionMembers>().SingleAsync()).Members;
        members.Select(m => (m.Kind, m.Terms.Count)).ShouldBe([(MemberKind.Partner, 2), (MemberKind.Municipality, 2)]);
        members[0].Terms.ShouldBe([new Term(Day(2026, 1, 1), Day(2026, 6, 1)), new Term(Day(2026, 9, 1), null)]);
    }

    [Fact]
    public async Task Target_market_months_rebuild_as_the_daemon_built_them_the_erased_talents_registration_still_counted()
    {
        var (live, rebuilt) = await RebuildAfterTheDaemonAsync<TargetMarketMonth, TargetMarketMonthProjection>();
        rebuilt.ShouldBe(live);
        await using var session = _store.QuerySession();
        var months = await session.Query<TargetMarketMonth>().ToListAsync();
        months.Select(m => (m.Month, m.Total)).Order().ShouldBe([("2026-11", 2), ("2026-12", 2)]);
    }

    [Fact]
    public async Task Every_projection_rebuilt_in_the_two_passes_side_by_side_is_what_was_built_live_row_for_row_as_the_daemon_rebuilds_it()
    {
        await RecordHistoryAsync(inTheRegionsTenant: true); // a second region, in its own tenant
        await CatchUpAsyncProjectionsAsync();
        var stored = _store.Options.Projections.All.Where(p => p.Lifecycle != JasperFx.Events.Projections.ProjectionLifecycle.Live).ToList();
        var acrossStreams = stored.Where(CrossStreamReadModelsRebuild.Covers).ToList();
        acrossStreams.Select(p => p.Name).ShouldContain(BillableHireProjection.ProjectionName);
        acrossStreams.Select(p => p.Name).ShouldContain(MunicipalityHireCountsProjection.ProjectionName);
        acrossStreams.Select(p => p.Name).ShouldContain(TalentPool.Sync.ChangeFeedProjection.ProjectionName);
        var live = await RowsAsync(stored, revisions: false);
        var liveDerived = await DerivedRowsAsync();
        liveDerived.ShouldContain(row => row.StartsWith(SharedTalentProbes.TableName + " "));
        liveDerived.ShouldContain(row => row.StartsWith(SharedTalentFacetCounts.TableName + " "));
        liveDerived.ShouldContain(row => row.StartsWith(RegionPlacedTalentsMonths.TableName + " "));
        foreach (var projection in acrossStreams)
        {
            live.ShouldContain(row => projection.PublishedTypes().Any(type => row.StartsWith(TableOf(type) + " ")), projection.Name);
        }

        // Marten's daemon rebuilds each (the revisions it writes for a document gathered across streams are not those a live
        // write gives: the sequence or version of the last event the document applied).
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            // The operator's plan leaves nothing to the daemon: every projection is in one pass or the other.
            RebuildPlan.For(_store, daemon, [.. stored.Select(p => p.Name).Distinct()]).Select(step => step.Label)
                .ShouldBe([RebuildPlan.OnePass, RebuildPlan.AcrossStreams]);
            foreach (var projection in acrossStreams) await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        // The change feed's rows and state carry no revision, and the data comparison with live below covers them; Marten's
        // daemon rebuild pages the events differently and may report a statement month more (a feed may over-report a month,
        // never miss one), so its rows are held to live, not to the daemon's rebuild.
        var withRevisions = acrossStreams.Where(p => p.Name != TalentPool.Sync.ChangeFeedProjection.ProjectionName).ToList();
        var byTheDaemon = await RowsAsync(withRevisions, revisions: true);

        // As `rebuild` runs it, with the two passes side by side (RebuildPlan's sideBySide: the harder case). Pages of 3 streams: pages across both regions'
        // streams (in key order: region, then id). Pages of 5 events: documents carried from page to page, slices and
        // enrichment per page.
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            var steps = RebuildPlan.For(_store, daemon, [.. stored.Select(p => p.Name).Distinct()], streamsPerPage: 3, eventsPerPage: 5, sideBySide: true);
            steps.ShouldAllBe(step => step.Beside);
            var spent = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>();
            await RebuildPlan.RunAsync(steps, async step => spent[step.Label] = await step.Run(_ => { }, TimeSpan.FromMinutes(2), CancellationToken.None));
            spent[RebuildPlan.AcrossStreams].ShouldNotBeNull().ShouldNotStartWith("0 events");
        }

        var data = await RowsAsync(stored, revisions: false);
        data.Except(live).ShouldBeEmpty();
        data.ShouldBe(live);
        var rows = await RowsAsync(withRevisions, revisions: true);
        rows.Except(byTheDaemon).ShouldBeEmpty();
        rows.ShouldBe(byTheDaemon);
        // What PostgreSQL derives from the documents: the search's probe rows, the facet counts, the retention month rows.
        var derived = await DerivedRowsAsync();
        derived.Except(liveDerived).ShouldBeEmpty();
        derived.ShouldBe(liveDerived);
        await using var query = _store.QuerySession();
        var last = await query.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).MaxAsync(e => e.Sequence);
        foreach (var shard in acrossStreams.SelectMany(p => p.Shards()))
        {
            (await _store.Advanced.ProjectionProgressFor(shard.Name)).ShouldBe(last, shard.Name.Identity);
        }
    }

    /// <summary>
    /// The rows PostgreSQL keeps from the documents by triggers (and a rebuild makes again in one statement each): the shared
    /// base's probe rows and facet counts (summed as readers sum them: a count fallen to 0 stays a row when kept by the trigger,
    /// and changes not folded yet are rows of their own), the placed talents' month rows.
    /// </summary>
    private async Task<List<string>> DerivedRowsAsync()
    {
        var schema = _store.Options.DatabaseSchemaName;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var sql in new[]
                 {
                     $"select '{SharedTalentProbes.TableName} ' || (to_jsonb(p))::text from {SharedTalentProbes.Table(schema)} as p order by 1",
                     $"select concat_ws(' ', '{SharedTalentFacetCounts.TableName}', tenant_id, scope, span, start, facet, value, sum(talents)) " +
                     $"from {schema}.{SharedTalentFacetCounts.TableName} group by tenant_id, scope, span, start, facet, value having sum(talents) <> 0 order by 1",
                     $"select '{RegionPlacedTalentsMonths.TableName} ' || (to_jsonb(m))::text from {schema}.{RegionPlacedTalentsMonths.TableName} as m order by 1",
                 })
        {
            await using var select = new Npgsql.NpgsqlCommand(sql, connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private string TableOf(Type documentType) => ((IReadOnlyStoreOptions)_store.Options).Schema.For(documentType).Split('.')[^1];

    /// <summary>
    /// Every row of the projections' tables as PostgreSQL holds it, in every tenant: every column but the time it was written,
    /// and the revision only when asked for and numeric (the change feed's is a fresh <c>Guid</c> at each write).
    /// </summary>
    private async Task<List<string>> RowsAsync(IEnumerable<JasperFx.Events.Projections.IProjectionSource<IDocumentOperations, IQuerySession>> projections, bool revisions)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var rows = new List<string>();
        var revision = revisions ? "case when jsonb_typeof(to_jsonb(d) -> 'mt_version') = 'string' then 'mt_version' else '' end" : "'mt_version'";
        foreach (var table in projections.SelectMany(p => p.PublishedTypes()).Select(TableOf).Distinct().Order())
        {
            await using var select = new Npgsql.NpgsqlCommand(
                $"select '{table} ' || (to_jsonb(d) - 'mt_last_modified' - {revision})::text from {_store.Options.DatabaseSchemaName}.{table} as d order by 1", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>An async projection's documents as the daemon builds them while running, then rebuilt from the events.</summary>
    private async Task<(IReadOnlyList<string> Live, IReadOnlyList<string> Rebuilt)> RebuildAfterTheDaemonAsync<TReadModel, TProjection>()
        where TReadModel : notnull
    {
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.CatchUpAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        return await RebuildAsync<TReadModel, TProjection>();
    }

    [Fact]
    public async Task A_regions_retention_cohorts_and_placed_talents_rebuild_as_the_daemon_built_them_live()
    {
        await CatchUpAsyncProjectionsAsync();

        var (cohorts, rebuiltCohorts) = await RebuildAsync<TalentPool.Metrics.RegionRetentionCounts, TalentPool.Metrics.RegionRetentionCountsProjection>();
        rebuiltCohorts.ShouldBe(cohorts);
        cohorts.ShouldHaveSingleItem(); // both hires start in January 2027
        var (placed, rebuiltPlaced) = await RebuildAsync<TalentPool.Metrics.RegionPlacedTalents, TalentPool.Metrics.RegionPlacedTalentsProjection>();
        rebuiltPlaced.ShouldBe(placed);
        placed.ShouldHaveSingleItem();
    }

    /// <summary>Async projections are built live by the daemon: run it until it has caught up with the history.</summary>
    private async Task CatchUpAsyncProjectionsAsync()
    {
        using var daemon = await _store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await _store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await daemon.StopAllAsync();
    }

    [Fact]
    public async Task The_hires_located_in_a_municipality_rebuild_as_the_daemon_built_them_live()
    {
        // Async: "live" is what the daemon built as the events came.
        using (var daemon = await _store.BuildProjectionDaemonAsync())
        {
            await daemon.StartAllAsync();
            await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(30));
            await daemon.StopAllAsync();
        }

        var (live, rebuilt) = await RebuildAsync<MunicipalityHireCounts, MunicipalityHireCountsProjection>();
        rebuilt.ShouldBe(live);
        // Hamar's: the cancelled hire named no workplace. The kept hire's "+1" found work and the talent left the region.
        live.ShouldHaveSingleItem().ShouldContain("\"2027-02-01\":1");
        live[0].ShouldContain("\"2027-10-01\":1");
    }

    [Fact]
    public async Task Billable_hires_rebuild_as_they_were_built_live_with_the_billing_events_each_fact_followed()
    {
        var (live, rebuilt) = await RebuildAsync<BillableHire, BillableHireProjection>();
        rebuilt.ShouldBe(live);
        live.Count.ShouldBe(2);
        live.ShouldAllBe(json => json.Contains("\"feeSeen\":3") || json.Contains("\"FeeSeen\":3"));
    }

    [Fact]
    public async Task A_regions_billing_settlement_rebuilds_as_it_was_built_live() =>
        await ShouldRebuildAsLiveAsync<RegionSettlement, RegionSettlementProjection>();

    private async Task ShouldRebuildAsLiveAsync<TReadModel, TProjection>() where TReadModel : notnull
    {
        var (live, rebuilt) = await RebuildAsync<TReadModel, TProjection>();
        rebuilt.ShouldBe(live);
        live.ShouldHaveSingleItem();
    }

    /// <summary>
    /// The documents built live, then thrown away and rebuilt from the events by the projection daemon; each as its
    /// stored JSON, so "identical" means every field, lists by value, and the version.
    /// </summary>
    private Task<(IReadOnlyList<string> Live, IReadOnlyList<string> Rebuilt)> RebuildAsync<TReadModel, TProjection>()
        where TReadModel : notnull =>
        RebuildAsync<TReadModel>(daemon => daemon.RebuildProjectionAsync<TProjection>(TimeSpan.FromSeconds(30), CancellationToken.None));

    private async Task<(IReadOnlyList<string> Live, IReadOnlyList<string> Rebuilt)> RebuildAsync<TReadModel>(Func<IProjectionDaemon, Task> rebuild)
        where TReadModel : notnull
    {
        var live = await StoredAsync<TReadModel>();
        await using (var session = _store.LightweightSession())
        {
            session.DeleteWhere<TReadModel>(_ => true);
            await session.SaveChangesAsync();
        }
        (await StoredAsync<TReadModel>()).ShouldBeEmpty();

        using var daemon = await _store.BuildProjectionDaemonAsync();
        await rebuild(daemon);
        return (live, await StoredAsync<TReadModel>());
    }

    private async Task<IReadOnlyList<string>> StoredAsync<TReadModel>() where TReadModel : notnull
    {
        await using var session = _store.QuerySession();
        var serializer = _store.Options.Serializer();
        return [.. (await session.Query<TReadModel>().ToListAsync()).Select(document => serializer.ToJson(document)).Order()];
    }
}
