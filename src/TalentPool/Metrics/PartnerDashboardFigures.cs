using TalentPool.Candidates;
using TalentPool.Common;

namespace TalentPool.Metrics;

/// <summary>Candidacies of the partner's open vacancies, not rejected, at one stage of the pipeline.</summary>
public sealed record CandidatesAtStage(CandidateStage Stage, int Candidates);

/// <summary>Hires (recorded and not cancelled) whose hire date falls in a period, and in the same period a year before.</summary>
public sealed record HiresAgainstLastYear(DateOnly From, DateOnly To, int Hires, int SamePeriodLastYear);

/// <summary>Of the partner's hires that started at least <c>Months</c> months ago, how many had not left the region by then.</summary>
public sealed record RetentionAt(int Months, int Placed, int StillInRegion, decimal? Share);

/// <summary>Internal hires the partner made (of another member's employees) and lost (its employees hired by another member).</summary>
public sealed record InternalHires(int MadeThisYear, int MadeInAll, int LostThisYear, int LostInAll);

/// <summary>The time-dependent figures of a partner's dashboard, as of a day, from its stored dated facts.</summary>
public sealed record PartnerDashboardFigures(
    DateOnly AsOf,
    int OpenVacancies,
    IReadOnlyList<CandidatesAtStage> CandidatesPerStage,
    HiresAgainstLastYear HiresThisMonth,
    HiresAgainstLastYear HiresThisYear,
    Money FeesThisYear,
    decimal? MedianDaysToHire,
    IReadOnlyList<RetentionAt> Retention,
    InternalHires InternalHires)
{
    public static readonly int[] RetentionMonths = [3, 6, 12];

    /// <summary>
    /// Pure: the same counts and day always give the same figures. <paramref name="today"/> is the day they are as of: a hire
    /// counts unless cancelled on or before it, so a past day sees a hire cancelled later as it stood then. The open
    /// vacancies and the pipeline are kept as they are now only, whatever the day. Its work is bounded by the months the
    /// counts hold (the calendar of the history), not by the hires.
    /// </summary>
    public static PartnerDashboardFigures Compute(PartnerDashboardCounts counts, DateOnly today, string currency)
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);

        HiresAgainstLastYear Period(DateOnly from, DateOnly to) => new(from, to,
            counts.Hired.Count(day => day >= from && day <= to, today),
            counts.Hired.Count(day => day >= from.AddYears(-1) && day <= to.AddYears(-1), today));

        // As a statement bills them: a fee in its hire date's year, a credit in its cancellation's year.
        static IEnumerable<Money> In(Dictionary<string, DaysByMonth<decimal>> sums, Func<DateOnly, bool> dated) =>
            sums.SelectMany(currency => currency.Value.Days().Where(day => dated(day.Day)).Select(day => new Money(day.Amount, currency.Key)));
        var fees = Money.Sum(In(counts.Fees, day => day.Year == today.Year && day <= today), currency)
            - Money.Sum(In(counts.Credits, day => day.Year == today.Year && day <= today), currency);

        return new PartnerDashboardFigures(
            today,
            counts.OpenVacancies.Count,
            [.. Enum.GetValues<CandidateStage>()
                .Select(stage => new CandidatesAtStage(stage, counts.CandidatesAt(stage)))],
            Period(monthStart, today),
            Period(yearStart, today),
            fees,
            Median(counts.DaysToHire.Select(days => (days.Key, Hires: days.Value.Count(day => day <= today, today)))),
            [.. RetentionMonths.Select(months => RetainedAt(counts, months, today))],
            new InternalHires(
                counts.InternalHired.Count(day => day >= yearStart && day <= today, today),
                counts.InternalHired.Count(day => day <= today, today),
                counts.EmployeesHiredAway.Sum(day => day >= yearStart && day <= today),
                counts.EmployeesHiredAway.Sum(day => day <= today)));
    }

    // Placed: started at least N months ago and not cancelled by today; retained: not left the region on or before the mark.
    private static RetentionAt RetainedAt(PartnerDashboardCounts counts, int months, DateOnly today)
    {
        var placed = counts.Started.Count(starts => starts.AddMonths(months) <= today, today);
        var left = counts.LeftRegionWithin.GetValueOrDefault(months)?.Sum(starts => starts.AddMonths(months) <= today) ?? 0;
        var stayed = placed - left;
        return new RetentionAt(months, placed, stayed, placed == 0 ? null : decimal.Round((decimal)stayed / placed, 4));
    }

    /// <summary>The median of a histogram (value, how many): the middle value, or the mean of the two middle ones.</summary>
    private static decimal? Median(IEnumerable<(int Value, int Count)> histogram)
    {
        var sorted = histogram.Where(h => h.Count > 0).OrderBy(h => h.Value).ToList();
        var total = sorted.Sum(h => h.Count);
        if (total == 0) return null;
        int ValueAt(int index)
        {
            foreach (var (value, count) in sorted)
            {
                if (index < count) return value;
                index -= count;
            }
            throw new InvalidOperationException("Outside the histogram.");
        }
        var middle = total / 2;
        return total % 2 == 1 ? ValueAt(middle) : (ValueAt(middle - 1) + ValueAt(middle)) / 2m;
    }
}
