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
    /// Pure: the same facts and day always give the same figures. <paramref name="today"/> is the day they are as of: a hire
    /// counts unless cancelled on or before it, so a past day sees a hire cancelled later as it stood then. The open
    /// vacancies and the pipeline are kept as they are now only, whatever the day.
    /// </summary>
    public static PartnerDashboardFigures Compute(PartnerDashboard facts, DateOnly today, string currency)
    {
        var hires = facts.Hires.Where(h => h.CancelledOn is not { } cancelledOn || cancelledOn > today).ToList();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);

        HiresAgainstLastYear Period(DateOnly from, DateOnly to) => new(from, to,
            hires.Count(h => h.HiredOn >= from && h.HiredOn <= to),
            hires.Count(h => h.HiredOn >= from.AddYears(-1) && h.HiredOn <= to.AddYears(-1)));

        // As a statement bills them: a fee in its hire date's year, a credit in its cancellation's year.
        var fees = Money.Sum(facts.Hires.Where(h => h.HiredOn.Year == today.Year && h.HiredOn <= today).Select(h => h.Fee), currency)
            - Money.Sum(facts.Hires.Where(h => h.CancelledOn is { } on && on.Year == today.Year && on <= today)
                .Select(h => h.CreditedFee!), currency);

        return new PartnerDashboardFigures(
            today,
            facts.OpenVacancies.Count,
            [.. Enum.GetValues<CandidateStage>()
                .Select(stage => new CandidatesAtStage(stage, facts.Pipeline.Values.Count(c => c.Stage == stage)))],
            Period(monthStart, today),
            Period(yearStart, today),
            fees,
            Median(hires.Where(h => h.DaysToHire is not null && h.HiredOn <= today).Select(h => h.DaysToHire!.Value).ToList()),
            [.. RetentionMonths.Select(months => RetainedAt(hires, months, today))],
            new InternalHires(
                hires.Count(h => h.Classification == Hires.HireClassification.Internal && h.HiredOn >= yearStart && h.HiredOn <= today),
                hires.Count(h => h.Classification == Hires.HireClassification.Internal && h.HiredOn <= today),
                facts.EmployeesHiredAwayOn.Count(on => on >= yearStart && on <= today),
                facts.EmployeesHiredAwayOn.Count(on => on <= today)));
    }

    private static RetentionAt RetainedAt(IReadOnlyList<PartnerHireFact> hires, int months, DateOnly today)
    {
        var placed = hires.Where(h => h.StartsOn.AddMonths(months) <= today).ToList();
        var stayed = placed.Count(h => h.LeftRegionOn is not { } left || left > h.StartsOn.AddMonths(months));
        return new RetentionAt(months, placed.Count, stayed, placed.Count == 0 ? null : decimal.Round((decimal)stayed / placed.Count, 4));
    }

    private static decimal? Median(List<int> days)
    {
        if (days.Count == 0) return null;
        days.Sort();
        var middle = days.Count / 2;
        return days.Count % 2 == 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2m;
    }
}
