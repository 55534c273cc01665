using TalentPool.Common;

namespace TalentPool.Metrics;

/// <summary>
/// One month of a region's metrics (PRODUCT.md, "Metrics"): hires (recorded, by hire date) against the monthly target,
/// by classification, the cannibalisation rate (internal / all hires; null in a month without hires), and the net talent
/// inflow (external hires − placed talents who left the region that month).
/// </summary>
public sealed record RegionMonthFigures(
    string Month, int Hires, int MonthlyTarget, bool TargetReached, int External, int Internal, int Local,
    decimal? CannibalisationRate, int PlacedTalentsWhoLeftRegion, int NetTalentInflow);

/// <summary>The same figures over the whole period asked for (the target being the monthly target times its months).</summary>
public sealed record RegionPeriodFigures(
    string From, string To, int Hires, int Target, int External, int Internal, int Local,
    decimal? CannibalisationRate, int PlacedTalentsWhoLeftRegion, int NetTalentInflow);

/// <summary>A region's monthly metrics from one month to another, every month listed (a month without events as zeros).</summary>
public sealed record RegionMonthlyMetricsAnswer(
    Guid RegionId, int MonthlyHireTarget, IReadOnlyList<RegionMonthFigures> Months, RegionPeriodFigures Period, ReadModelFreshness Freshness);

/// <summary>The arithmetic of the region's monthly metrics, pure: the projection's month documents in, figures out.</summary>
public static class RegionMonthlyMetrics
{
    /// <summary>The longest period one request may ask for, so a read loads a bounded number of documents.</summary>
    public const int LongestPeriodMonths = 60;

    /// <summary>The months from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IReadOnlyList<BillingMonth> MonthsBetween((BillingMonth From, BillingMonth To) period) => MonthsBetween(period.From, period.To);

    public static IReadOnlyList<BillingMonth> MonthsBetween(BillingMonth from, BillingMonth to)
    {
        var months = new List<BillingMonth>();
        for (var month = from; month <= to; month = month.Next) months.Add(month);
        return months;
    }

    /// <summary>Internal / all hires, rounded to four decimals; none when there was no hire.</summary>
    public static decimal? CannibalisationRate(int internalHires, int hires) =>
        hires == 0 ? null : Math.Round((decimal)internalHires / hires, 4, MidpointRounding.AwayFromZero);

    public static (IReadOnlyList<RegionMonthFigures> Months, RegionPeriodFigures Period) Compute(
        IReadOnlyList<BillingMonth> months, IReadOnlyDictionary<string, RegionHiresPerMonth> documents, int monthlyTarget)
    {
        var figures = months.Select(month =>
        {
            var d = documents.GetValueOrDefault(month.ToString());
            int hires = d?.Recorded ?? 0, external = d?.External ?? 0, @internal = d?.Internal ?? 0, left = d?.LeftRegion ?? 0;
            return new RegionMonthFigures(
                month.ToString(), hires, monthlyTarget, hires >= monthlyTarget, external, @internal, d?.Local ?? 0,
                CannibalisationRate(@internal, hires), left, external - left);
        }).ToList();

        var totalHires = figures.Sum(f => f.Hires);
        var totalInternal = figures.Sum(f => f.Internal);
        var period = new RegionPeriodFigures(
            months[0].ToString(), months[^1].ToString(), totalHires, monthlyTarget * months.Count,
            figures.Sum(f => f.External), totalInternal, figures.Sum(f => f.Local), CannibalisationRate(totalInternal, totalHires),
            figures.Sum(f => f.PlacedTalentsWhoLeftRegion), figures.Sum(f => f.NetTalentInflow));
        return (figures, period);
    }
}
