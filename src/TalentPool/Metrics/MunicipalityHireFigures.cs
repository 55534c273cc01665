using TalentPool.Hires;

namespace TalentPool.Metrics;

/// <summary>The hires of one classification located in the municipality, this month and this year against last year.</summary>
public sealed record ClassifiedHiresAgainstLastYear(
    HireClassification Classification, HiresAgainstLastYear ThisMonth, HiresAgainstLastYear ThisYear);

/// <summary>
/// Of the newcomers placed in the municipality (its external hires, not cancelled) who started at least <c>Months</c>
/// months ago, how many had not left the region by then, and their share (null when none).
/// </summary>
public sealed record NewcomersStillInRegion(int Months, int Newcomers, int StillInRegion, decimal? Share);

/// <summary>
/// "+1" employment: of the placements in the municipality (not cancelled) whose talent had an accompanying partner, how
/// many of those partners found work in the region too, and the share (null when none). <c>UnknownLeftOut</c>: placements
/// for which it is unknown whether the talent had one (recorded before hires said so), left out of both counts.
/// </summary>
public sealed record AccompanyingPartnerEmployment(
    int PlacedWithAccompanyingPartner, int AccompanyingPartnerEmployed, decimal? Share, int UnknownLeftOut);

/// <summary>The figures of the hires located in a municipality (their workplace is there), as of a day.</summary>
public sealed record MunicipalityHireFigures(
    DateOnly AsOf,
    HiresAgainstLastYear ThisMonth,
    HiresAgainstLastYear ThisYear,
    IReadOnlyList<ClassifiedHiresAgainstLastYear> ByClassification,
    IReadOnlyList<NewcomersStillInRegion> NewcomersStillInRegion,
    AccompanyingPartnerEmployment AccompanyingPartnerEmployment)
{
    public static readonly int[] NewcomerMonths = [3, 6, 12];

    /// <summary>
    /// Pure: the same counts and day always give the same figures. A cancelled hire is no hire (nor a placement) in any
    /// figure, as on the partner dashboard. Its work is bounded by the days the counts hold, not by the hires.
    /// </summary>
    public static MunicipalityHireFigures Compute(MunicipalityHireCounts counts, DateOnly today)
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);

        HiresAgainstLastYear Period(IReadOnlyList<DatedCounts> of, DateOnly from, DateOnly to) => new(from, to,
            of.Sum(hired => hired.Count(day => day >= from && day <= to)),
            of.Sum(hired => hired.Count(day => day >= from.AddYears(-1) && day <= to.AddYears(-1))));

        var all = counts.HiredByClassification.Values.ToList();
        return new MunicipalityHireFigures(
            today,
            Period(all, monthStart, today),
            Period(all, yearStart, today),
            [.. Enum.GetValues<HireClassification>().Select(classification =>
            {
                IReadOnlyList<DatedCounts> classified = counts.HiredByClassification.TryGetValue(classification, out var hired) ? [hired] : [];
                return new ClassifiedHiresAgainstLastYear(
                    classification, Period(classified, monthStart, today), Period(classified, yearStart, today));
            })],
            [.. NewcomerMonths.Select(months => StillInRegionAt(counts, months, today))],
            AccompanyingPartners(counts, today));
    }

    // The partner dashboard's retention rule: placed at least N months ago, and no departure from the region on or before
    // the N-month mark (an employment ended inside the region still counts as in the region: no later job is recorded).
    private static NewcomersStillInRegion StillInRegionAt(MunicipalityHireCounts counts, int months, DateOnly today)
    {
        var placed = counts.NewcomersStarted.Count(starts => starts.AddMonths(months) <= today);
        var left = counts.NewcomersLeftRegion.Count((starts, leftOn) => starts.AddMonths(months) <= today && leftOn <= starts.AddMonths(months));
        return new NewcomersStillInRegion(months, placed, placed - left, ShareOf(placed - left, placed));
    }

    // The placements hired on or before the day.
    private static AccompanyingPartnerEmployment AccompanyingPartners(MunicipalityHireCounts counts, DateOnly today)
    {
        var withPartner = counts.HiredWithAccompanyingPartner.Count(hiredOn => hiredOn <= today);
        var employed = counts.AccompanyingPartnersEmployed.Count((hiredOn, employedOn) => hiredOn <= today && employedOn <= today);
        return new AccompanyingPartnerEmployment(withPartner, employed, ShareOf(employed, withPartner),
            counts.HiredWithUnknownAccompanyingPartner.Count(hiredOn => hiredOn <= today));
    }

    private static decimal? ShareOf(int part, int whole) => whole == 0 ? null : decimal.Round((decimal)part / whole, 4);
}
