using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using TalentPool.Billing;
using TalentPool.Candidates;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Hires;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Sync;

/// <summary>
/// Writes the change feed (<see cref="SyncChange"/>) from the events, run by the async daemon. Why async: the daemon
/// applies events in sequence order and only below the high-water mark (Marten's sequence numbers can commit out of
/// order; the mark waits for gaps to fill or time out), and commits each page with its progress, page after page. So a
/// row committed later never has a lower position than one a reader has seen: a cursor (the last position read) never
/// skips a change. Inline, a write committing late with a lower sequence would land behind a reader's cursor.
/// The daemon hands each region's events in a session of that region, so rows live in their region's tenant.
/// </summary>
public sealed class ChangeFeedProjection : ProjectionBase, IProjection
{
    public const string ProjectionName = "ChangeFeed";

    public ChangeFeedProjection()
    {
        Name = ProjectionName;
        IncludeType<VacancyPosted>();
        IncludeType<VacancyUpdated>();
        IncludeType<VacancyClosed>();
        IncludeType<CandidateIntroduced>();
        IncludeType<CandidateMovedToStage>();
        IncludeType<CandidateRejected>();
        IncludeType<CandidacyTextErased>();
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<EmploymentEnded>();
        IncludeType<AccompanyingPartnerEmployed>();
        IncludeType<HireTextErased>();
        IncludeType<TalentRegistered>();
        IncludeType<TalentProfileUpdated>();
        IncludeType<TalentConsentGiven>();
        IncludeType<TalentConsentWithdrawn>();
        IncludeType<TalentErased>();
        IncludeType<TalentOtherRegionsConsentGiven>();
        IncludeType<TalentOtherRegionsConsentWithdrawn>();
        // The statements (StatementChanges): billing facts, membership facts, and the months beginning.
        IncludeType<RegionRegistered>();
        IncludeType<PriceListPublished>();
        IncludeType<PriceListCorrected>();
        IncludeType<PartnerJoined>();
        IncludeType<PartnerTierChanged>();
        IncludeType<PartnerTierCorrected>();
        IncludeType<PartnerMembershipCancelled>();
        IncludeType<PartnerRejoined>();
        IncludeType<MunicipalityJoined>();
        IncludeType<MunicipalityLeft>();
        IncludeType<MunicipalityRejoined>();
        IncludeType<MunicipalityPopulationUpdated>();
        IncludeType<MunicipalityPopulationCorrected>();
        IncludeType<MunicipalityPayerChanged>();
        IncludeType<MunicipalityPayerCorrected>();
        IncludeType<BillingPeriodClosed>();
        IncludeType<BillingPeriodReopened>();
        IncludeType<StatementMonthBegan>();
        IncludeType<CountyMunicipalitiesRecorded>();
        IncludeType<CountyRateChangedElsewhere>();
    }

    /// <summary>The document it writes: what a rebuild clears first, and what tools list as this projection's.</summary>
    public override IEnumerable<Type> PublishedTypes() => [typeof(SyncChange), typeof(StatementFeedState)];

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        ApplyAsync(new ChangeFeedSessionRows(operations), operations.TenantId, events, cancellation);

    /// <summary>
    /// Applies one tenant's page of events (in sequence order) to the feed's rows as <paramref name="feed"/> holds them: the
    /// daemon's session live, memory in a rebuild (<see cref="ChangeFeedRowsInMemory"/>) — the same rules either way.
    /// </summary>
    public static async Task ApplyAsync(IChangeFeedRows feed, string tenant, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // The shared base's rows depend on which audiences already have one (a profile change reaches only the kinds of
        // member the talent shares with or did): read those once for the page, then follow the page's events in order.
        var talentIds = events.Select(e => e.Data).OfType<object>().Select(SyncChanges.TalentOf).OfType<Guid>().Distinct().ToArray();
        var rows = new Dictionary<string, SyncChange>();
        if (talentIds.Length > 0)
        {
            foreach (var row in await feed.SharedTalentRowsAsync(tenant, talentIds, cancellation)) rows[row.Id] = row;
        }

        var written = new Dictionary<string, SyncChange>();
        foreach (var e in events)
        {
            foreach (var change in SyncChanges.Of(e.Data, e.Sequence, rows, e.TenantId))
            {
                rows[change.Id] = change;
                written[change.Id] = change;
            }
        }
        if (written.Count > 0) feed.Store(tenant, [.. written.Values]);

        await ApplyStatementsAsync(feed, events, cancellation);
    }

    /// <summary>
    /// The statements' rows (<see cref="StatementChanges"/>), in each region's tenant, with each region's
    /// <see cref="StatementFeedState"/> read once per page and followed through the page's events in order. A county rate
    /// depends on other regions: a municipality's membership (or a county's list) writes rows into the other regions of
    /// its country too — ids and months only — of this database; the regions of other databases get them from the
    /// <see cref="CountyRateChangedElsewhere"/> that <see cref="CountyRateRelay"/> records there.
    /// </summary>
    private static async Task ApplyStatementsAsync(IChangeFeedRows feed, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var billing = events.Where(e => StatementChanges.Concerns(e.Data)).ToList();
        if (billing.Count == 0) return;

        var states = new Dictionary<Guid, StatementFeedState>();
        var changedStates = new HashSet<Guid>();
        var rows = new Dictionary<Guid, Dictionary<string, SyncChange>>();
        void Write(Guid region, IEnumerable<SyncChange> changes)
        {
            if (!rows.TryGetValue(region, out var regionRows)) rows[region] = regionRows = [];
            foreach (var change in changes) regionRows[change.Id] = change;
        }
        async Task<StatementFeedState?> StateOf(Guid region, string tenant)
        {
            if (states.TryGetValue(region, out var known)) return known;
            var loaded = await feed.StateAsync(tenant, region, cancellation);
            if (loaded is not null) states[region] = loaded;
            return loaded;
        }

        foreach (var e in billing)
        {
            if (e.Data is RegionRegistered registered)
            {
                states[registered.RegionId] = new StatementFeedState
                {
                    Id = registered.RegionId, Tenant = e.TenantId, Country = registered.Country, CountyId = registered.CountyId,
                };
                changedStates.Add(registered.RegionId);
                continue;
            }
            string? country = null;
            if (StatementChanges.RegionOf(e.Data) is { } regionId && await StateOf(regionId, e.TenantId) is { } state)
            {
                Write(regionId, StatementChanges.Of(e.Data, e.Sequence, state).ToList());
                changedStates.Add(regionId);
                country = state.Country;
            }
            if (e.Data is CountyMunicipalitiesRecorded county) country = county.Country;
            if (country is not null && StatementChanges.CountyRateChangeFrom(e.Data) is { } from)
            {
                // Every region of the country, whichever county: a superset of those whose county rate can change.
                var stored = await feed.StatesOfCountryAsync(country, cancellation);
                foreach (var other in stored.Where(s => !states.ContainsKey(s.Id))) states[other.Id] = other;
                foreach (var other in states.Values.Where(s => s.Country == country && s.Id != StatementChanges.RegionOf(e.Data)).ToList())
                    Write(other.Id, StatementChanges.CountyRate(other, from, e.Sequence).ToList());
            }
        }

        // Each region's rows and state in the tenant its events live in.
        foreach (var (region, regionRows) in rows.Where(r => r.Value.Count > 0))
            feed.Store(states[region].Tenant, [.. regionRows.Values]);
        foreach (var region in changedStates)
            feed.Store(states[region].Tenant, states[region]);
    }
}
