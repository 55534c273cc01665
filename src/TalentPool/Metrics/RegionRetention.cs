using TalentPool.Common;

namespace TalentPool.Metrics;

/// <summary>
/// A start-month cohort's retention N months after its placements' start dates: of the <c>Placed</c>, how many were still
/// in the region on their N-month mark, that share, and churn (1 − retention). The figures are known once the last mark of
/// the cohort (its month's last day + N months, <c>KnownOn</c>) has come; until then they are null.
/// </summary>
public sealed record CohortRetentionAt(int Months, DateOnly KnownOn, int? StillInRegion, decimal? Retention, decimal? Churn);

/// <summary>The region's hires that started in a month and were not cancelled (its placements), and their retention.</summary>
public sealed record CohortRetention(string StartMonth, int Placed, IReadOnlyList<CohortRetentionAt> Retention);

/// <summary>
/// A calendar month's churn: placed talents who left the region in the month / placed talents in the region at its start
/// (null without any). All null for a month that has not begun.
/// </summary>
public sealed record MonthlyChurn(string Month, int? PlacedInRegionAtStart, int? LeftRegion, decimal? Churn);

/// <summary>
/// The "+1" employment rate of the period's cohorts: of the placements whose talent came with an accompanying partner, how
/// many of those partners found work in the region (by today). Placements of hires recorded before hires said whether
/// there was a "+1" are unknown: counted apart, in neither figure.
/// </summary>
public sealed record AccompanyingPartnerEmploymentRate(
    int PlacedWithAccompanyingPartner, int AccompanyingPartnerFoundWork, decimal? Rate, int PlacedWithUnknownAccompanyingPartner);

/// <summary>A region's retention cohorts and monthly churn from one month to another (every month listed), and its +1 employment rate.</summary>
public sealed record RegionRetentionAnswer(
    Guid RegionId,
    string From,
    string To,
    DateOnly AsOf,
    IReadOnlyList<CohortRetention> Cohorts,
    IReadOnlyList<MonthlyChurn> Months,
    AccompanyingPartnerEmploymentRate AccompanyingPartnerEmployment,
    ReadModelFreshness Freshness);

/// <summary>
/// The arithmetic of retention, churn and +1 employment (PRODUCT.md, "Metrics"), pure: the projections' documents and a
/// day in, figures out. Read the same way as the partner dashboard reads its own hires' retention:
/// <list type="bullet">
/// <item>a placement is a hire that was not cancelled: a cancelled hire is none, even one cancelled after its start, and a
/// cancellation takes it out of every month's figures, past ones included;</item>
/// <item>a placement counts from its start date (<c>StartsOn</c>), in the cohort of its start month;</item>
/// <item>it is in the region until its employment ended with the talent leaving the region: from that day on it is not
/// (so a talent who leaves on the N-month mark itself is not retained at N months); an employment that ended without
/// leaving the region keeps the talent in the region;</item>
/// <item>retention cohorts count placements (a talent placed twice in one start month counts twice in it); monthly churn
/// counts talents (<see cref="RegionPlacedTalents"/>): a talent is in the region at a month's start when one of its
/// placements started before the month's first day and had not left the region before that day, and it left the region in
/// the month when its stay (its placements' time in the region, joined) ends in it. An internal move counts once; a talent
/// who left by one placement while another keeps it in the region has not left; a talent who started and left within the
/// month left in it without having been there at its start.</item>
/// </list>
/// Shares are rounded to four decimals.
/// </summary>
public static class RegionRetention
{
    public static readonly int[] RetentionMonths = [3, 6, 12];

    public static decimal? Share(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);

    public static CohortRetention Cohort(BillingMonth startMonth, RegionRetentionCounts? cohort, DateOnly today)
    {
        var placed = cohort?.Placed ?? 0;
        return new CohortRetention(startMonth.ToString(), placed, [.. RetentionMonths.Select(months =>
        {
            var knownOn = startMonth.LastDay.AddMonths(months);
            if (knownOn > today) return new CohortRetentionAt(months, knownOn, null, null, null);
            var left = cohort?.LeftRegion.Count((startsOn, leftOn) => leftOn <= startsOn.AddMonths(months)) ?? 0;
            var retention = Share(placed - left, placed);
            return new CohortRetentionAt(months, knownOn, placed - left, retention, 1 - retention);
        })]);
    }

    /// <param name="flow">The region's placed talents' month counts (<see cref="RegionPlacedTalents.Months"/>); null before any hire.</param>
    public static MonthlyChurn Month(BillingMonth month, IReadOnlyDictionary<string, PlacedTalentsFlow>? flow, DateOnly today)
    {
        if (month.FirstDay > today) return new MonthlyChurn(month.ToString(), null, null, null);
        var before = flow?.Where(m => string.CompareOrdinal(m.Key, month.ToString()) < 0).Select(m => m.Value).ToList() ?? [];
        var inRegion = before.Sum(m => m.Entered) - before.Sum(m => m.Left);
        var left = flow?.GetValueOrDefault(month.ToString())?.Left ?? 0;
        return new MonthlyChurn(month.ToString(), inRegion, left, Share(left, inRegion));
    }

    /// <summary>
    /// The same figure from the month rows kept beside the placed talents (<see cref="RegionPlacedTalentsMonths"/>): the
    /// running total at the month's start and the month's leavers, read for the months asked for only.
    /// </summary>
    public static MonthlyChurn Month(BillingMonth month, PlacedTalentsWindow window, DateOnly today)
    {
        if (month.FirstDay > today) return new MonthlyChurn(month.ToString(), null, null, null);
        var (inRegion, left) = window.At(month);
        return new MonthlyChurn(month.ToString(), inRegion, left, Share(left, inRegion));
    }

    public static AccompanyingPartnerEmploymentRate AccompanyingPartnerEmployment(IEnumerable<RegionRetentionCounts?> cohorts, DateOnly today)
    {
        var counted = cohorts.OfType<RegionRetentionCounts>().ToList();
        var withPartner = counted.Sum(c => c.WithAccompanyingPartner);
        var foundWork = counted.Sum(c => c.AccompanyingPartnersEmployed.Where(employed => employed.Key <= today).Sum(employed => employed.Value));
        return new AccompanyingPartnerEmploymentRate(withPartner, foundWork, Share(foundWork, withPartner),
            counted.Sum(c => c.WithUnknownAccompanyingPartner));
    }

    public static (IReadOnlyList<CohortRetention> Cohorts, IReadOnlyList<MonthlyChurn> Months, AccompanyingPartnerEmploymentRate PlusOne) Compute(
        IReadOnlyList<BillingMonth> months, IReadOnlyDictionary<string, RegionRetentionCounts> cohorts,
        PlacedTalentsWindow flow, DateOnly today)
    {
        RegionRetentionCounts? CohortOf(BillingMonth month) => cohorts.GetValueOrDefault(month.ToString());
        return ([.. months.Select(month => Cohort(month, CohortOf(month), today))],
            [.. months.Select(month => Month(month, flow, today))],
            AccompanyingPartnerEmployment(months.Select(CohortOf), today));
    }
}
