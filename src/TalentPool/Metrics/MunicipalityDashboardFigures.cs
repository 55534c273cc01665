using TalentPool.Billing;
using TalentPool.Common;

namespace TalentPool.Metrics;

/// <summary>
/// What one month of the municipality's licence costs: the sum of its licence lines on that month's statements (its own,
/// or its regional council's when the council pays), corrections of earlier months of the year included. <c>Closed</c>:
/// the month's statements are frozen.
/// </summary>
public sealed record MonthlyLicenceCost(BillingMonth Month, Money Amount, bool Closed);

/// <summary>The municipality's licence lines from January through the current month, whose statement bills the whole month.</summary>
public sealed record LicenceCostThisYear(BillingMonth From, BillingMonth To, Money Total, IReadOnlyList<MonthlyLicenceCost> Months);

/// <summary>The figures of a municipality's dashboard, as of a day.</summary>
public sealed record MunicipalityDashboardFigures(DateOnly AsOf, TalentsWantingToLiveHere TalentsWantingToLiveHere, LicenceCostThisYear LicenceCostThisYear);

public static class MunicipalityLicenceCost
{
    /// <summary>
    /// Pure: the municipality's licence lines of each month of the year to date, as the statements read them (the same
    /// ledger: a closed month's frozen lines, an open month computed, corrections in the first open month).
    /// </summary>
    public static LicenceCostThisYear ThisYear(Guid municipalityId, RegionLedger ledger, DateOnly today)
    {
        var currency = ledger.Facts.Region.Currency;
        var months = MonthsThisYear(today);
        var costs = months.Select(month =>
        {
            var lines = BillingLedger.StatementsFor(month, ledger)
                .SelectMany(statement => statement.Lines)
                .Where(line => line.MemberId == municipalityId && line.Kind == LineKind.MunicipalityLicence);
            return new MonthlyLicenceCost(month, Money.Sum(lines.Select(line => line.Amount), currency), ledger.Billing?.IsClosed(month) == true);
        }).ToList();
        return new LicenceCostThisYear(months[0], months[^1], Money.Sum(costs.Select(cost => cost.Amount), currency), costs);
    }

    /// <summary>January through the month of <paramref name="today"/>.</summary>
    public static IReadOnlyList<BillingMonth> MonthsThisYear(DateOnly today) =>
        [.. Enumerable.Range(1, today.Month).Select(month => new BillingMonth(today.Year, month))];
}
