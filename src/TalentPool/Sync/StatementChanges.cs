using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;

namespace TalentPool.Sync;

/// <summary>
/// Which (payer, month) statements an event can change, as change-feed rows: pure, from the event and the region's
/// <see cref="StatementFeedState"/> (which it brings up to date). Over-reporting a month is harmless (the statement is read
/// live, the mirror stores it again); missing one is not, so every rule errs wide:
/// <list type="bullet">
/// <item>a dated membership fact (joining, leaving, rejoining, a tier, a population, a payer, a price list) changes every
/// month from its date's to the latest month begun — and, when it reaches back into a closed month, the first open month
/// (where the corrections land);</item>
/// <item>a hire or its cancellation changes its month (and the first open month when that month is closed);</item>
/// <item>a municipality's membership changes every municipality's licence in its region (the regional rate) and in the
/// regions of its country (the county rate: which region each municipality joined does not matter), and so does a county's
/// list of municipalities — in the regions of another database through the <see cref="CountyRateChangedElsewhere"/> the
/// <see cref="CountyRateRelay"/> records there;</item>
/// <item>closing or reopening a month changes every payer's statement of that month and of the month after (the first open
/// month's corrections move);</item>
/// <item>a month beginning adds every payer's statement of that month (and of any month begun since the last one noted).</item>
/// </list>
/// Rows exist per audience: the region's admins (<see cref="RegionAudience"/>, one row per payer and month), a partner (its
/// own statements), a municipality (its licence lines, in its own statement or in its regional council's).
/// </summary>
public static class StatementChanges
{
    public const string RegionAudience = "Region";

    public static bool Concerns(object data) => data is RegionRegistered or PriceListPublished or PriceListCorrected
        or PartnerJoined or PartnerTierChanged or PartnerTierCorrected or PartnerMembershipCancelled or PartnerRejoined
        or MunicipalityJoined or MunicipalityLeft or MunicipalityRejoined or MunicipalityPopulationUpdated
        or MunicipalityPopulationCorrected or MunicipalityPayerChanged or MunicipalityPayerCorrected
        or HireRecorded or HireCancelled or BillingPeriodClosed or BillingPeriodReopened or StatementMonthBegan
        or CountyMunicipalitiesRecorded or CountyRateChangedElsewhere;

    /// <summary>The region an event of a region is about (null: a county's list, the installation's).</summary>
    public static Guid? RegionOf(object data) => data switch
    {
        RegionRegistered e => e.RegionId,
        PriceListPublished e => e.RegionId,
        PriceListCorrected e => e.RegionId,
        PartnerJoined e => e.RegionId,
        PartnerTierChanged e => e.RegionId,
        PartnerTierCorrected e => e.RegionId,
        PartnerMembershipCancelled e => e.RegionId,
        PartnerRejoined e => e.RegionId,
        MunicipalityJoined e => e.RegionId,
        MunicipalityLeft e => e.RegionId,
        MunicipalityRejoined e => e.RegionId,
        MunicipalityPopulationUpdated e => e.RegionId,
        MunicipalityPopulationCorrected e => e.RegionId,
        MunicipalityPayerChanged e => e.RegionId,
        MunicipalityPayerCorrected e => e.RegionId,
        HireRecorded e => e.RegionId,
        HireCancelled e => e.RegionId,
        BillingPeriodClosed e => e.RegionId,
        BillingPeriodReopened e => e.RegionId,
        StatementMonthBegan e => e.RegionId,
        CountyRateChangedElsewhere e => e.RegionId,
        _ => null,
    };

    /// <summary>
    /// A municipality's membership changed from a day on: the county rate of the other regions of its country may change
    /// (and a county's list recorded from a day on: of every region of the country). The day, or null.
    /// </summary>
    public static DateOnly? CountyRateChangeFrom(object data) => data switch
    {
        MunicipalityJoined e => e.JoinedOn,
        MunicipalityLeft e => e.LeftOn,
        MunicipalityRejoined e => e.RejoinedOn,
        CountyMunicipalitiesRecorded e => e.EffectiveFrom,
        _ => null,
    };

    /// <summary>The rows of a region's own statements an event changes; brings <paramref name="state"/> up to date.</summary>
    public static IEnumerable<SyncChange> Of(object data, long position, StatementFeedState state)
    {
        switch (data)
        {
            case PriceListPublished e: return EveryPayer(state, From(state, e.PriceList.EffectiveFrom, member: false), position);
            case PriceListCorrected e: return EveryPayer(state, From(state, e.PriceList.EffectiveFrom, member: false), position);
            case PartnerJoined e:
                if (!state.Partners.Contains(e.PartnerId)) state.Partners.Add(e.PartnerId);
                return Partner(e.PartnerId, From(state, e.JoinedOn), position);
            case PartnerTierChanged e: return Partner(e.PartnerId, From(state, e.EffectiveOn), position);
            case PartnerTierCorrected e: return Partner(e.PartnerId, From(state, e.EffectiveOn), position);
            case PartnerMembershipCancelled e: return Partner(e.PartnerId, From(state, e.EffectiveOn), position);
            case PartnerRejoined e: return Partner(e.PartnerId, From(state, e.RejoinedOn), position);
            case MunicipalityJoined e:
                if (!state.Municipalities.Contains(e.MunicipalityId)) state.Municipalities.Add(e.MunicipalityId);
                return EveryMunicipality(state, From(state, e.JoinedOn), position);
            case MunicipalityLeft e: return EveryMunicipality(state, From(state, e.LeftOn), position);
            case MunicipalityRejoined e: return EveryMunicipality(state, From(state, e.RejoinedOn), position);
            case MunicipalityPopulationUpdated e: return Municipality(state, e.MunicipalityId, From(state, e.EffectiveFrom), position);
            case MunicipalityPopulationCorrected e: return Municipality(state, e.MunicipalityId, From(state, e.EffectiveFrom), position);
            case MunicipalityPayerChanged e: return Municipality(state, e.MunicipalityId, From(state, e.EffectiveFrom), position);
            case MunicipalityPayerCorrected e: return Municipality(state, e.MunicipalityId, From(state, e.EffectiveFrom), position);
            case HireRecorded e: return Partner(e.PartnerId, In(state, e.HiredOn), position);
            case HireCancelled e: return Partner(e.PartnerId, In(state, e.CancelledOn), position);
            case BillingPeriodClosed e:
            {
                if (!state.ClosedMonths.Contains(e.Month)) state.ClosedMonths.Add(e.Month);
                // The frozen statements' payers too: whoever a close billed is told, whatever the feed knew of them.
                var payers = e.Statements.Where(s => s.PayerKind == PayerKind.Partner && !state.Partners.Contains(s.PayerId)).Select(s => s.PayerId);
                return EveryPayer(state, [e.Month, e.Month.Next], position)
                    .Concat(payers.SelectMany(p => Partner(p, [e.Month, e.Month.Next], position)));
            }
            case BillingPeriodReopened e:
                state.ClosedMonths.Remove(e.Month);
                return EveryPayer(state, [e.Month, e.Month.Next], position);
            case StatementMonthBegan e:
            {
                var first = state.CoveredThrough?.Next ?? state.EarliestMonth ?? e.Month;
                if (state.CoveredThrough is not { } covered || e.Month > covered) state.CoveredThrough = e.Month;
                return EveryPayer(state, Months(first, e.Month), position);
            }
            // Relayed from another database (CountyRateRelay): as the same fact of this database writes for the other regions.
            case CountyRateChangedElsewhere e: return CountyRate(state, e.From, position);
            default: return [];
        }
    }

    /// <summary>Another region's municipalities' rows when a county rate may have changed from a day on.</summary>
    public static IEnumerable<SyncChange> CountyRate(StatementFeedState state, DateOnly from, long position) =>
        EveryMunicipality(state, From(state, from, member: false), position);

    /// <summary>
    /// The months a fact from <paramref name="day"/> on changes: its month up to the latest month begun, and the first open
    /// month when it reaches back into a closed one. A member's own fact notes its month as touched; a region-wide one (a
    /// price list, another region's municipality) starts no earlier than the first month a member fact touched.
    /// </summary>
    public static IReadOnlyList<BillingMonth> From(StatementFeedState state, DateOnly day, bool member = true)
    {
        var month = BillingMonth.Of(day);
        if (member) state.Touched(month);
        else if (state.EarliestMonth is not { } earliest) return [];
        else if (month < earliest) month = earliest;
        var months = state.CoveredThrough is { } covered ? Months(month, covered).ToList() : [];
        return WithCorrections(state, month, months);
    }

    /// <summary>The month of a one-day fact (a hire, a cancellation), and the first open month when that month is closed.</summary>
    public static IReadOnlyList<BillingMonth> In(StatementFeedState state, DateOnly day)
    {
        var month = BillingMonth.Of(day);
        state.Touched(month);
        return WithCorrections(state, month, [month]);
    }

    private static IReadOnlyList<BillingMonth> WithCorrections(StatementFeedState state, BillingMonth from, List<BillingMonth> months)
    {
        if (state.LastClosed is { } last && from <= last && !months.Contains(last.Next)) months.Add(last.Next);
        return months;
    }

    public static IEnumerable<BillingMonth> Months(BillingMonth from, BillingMonth through)
    {
        for (var month = from; month <= through; month = month.Next) yield return month;
    }

    /// <summary>A partner's statement: the region's admins' row and the partner's own.</summary>
    private static IEnumerable<SyncChange> Partner(Guid partnerId, IEnumerable<BillingMonth> months, long position) =>
        months.SelectMany(month => new[]
        {
            SyncChange.ForStatement(RegionAudience, partnerId, month, position),
            SyncChange.ForStatement(partnerId.ToString(), partnerId, month, position),
        });

    /// <summary>
    /// A municipality's licence lines: in its own statement or in its regional council's (whoever pays on each day), so both,
    /// for the region's admins and for the municipality.
    /// </summary>
    private static IEnumerable<SyncChange> Municipality(StatementFeedState state, Guid municipalityId, IEnumerable<BillingMonth> months, long position) =>
        months.SelectMany(month => new[]
        {
            SyncChange.ForStatement(RegionAudience, municipalityId, month, position),
            SyncChange.ForStatement(RegionAudience, state.Id, month, position),
            SyncChange.ForStatement(municipalityId.ToString(), municipalityId, month, position),
            SyncChange.ForStatement(municipalityId.ToString(), state.Id, month, position),
        });

    private static IEnumerable<SyncChange> EveryMunicipality(StatementFeedState state, IReadOnlyList<BillingMonth> months, long position) =>
        state.Municipalities.SelectMany(m => Municipality(state, m, months, position));

    private static IEnumerable<SyncChange> EveryPayer(StatementFeedState state, IEnumerable<BillingMonth> months, long position)
    {
        var list = months.ToList();
        return state.Partners.SelectMany(p => Partner(p, list, position)).Concat(EveryMunicipality(state, list, position));
    }
}
