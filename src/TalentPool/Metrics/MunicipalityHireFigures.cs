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
    /// Pure: the same facts and day always give the same figures. A cancelled hire is no hire (nor a placement) in any
    /// figure, as on the partner dashboard.
    /// </summary>
    public static MunicipalityHireFigures Compute(MunicipalityHires facts, DateOnly today)
    {
        var hires = facts.Hires.Where(h => h.CancelledOn is null).ToList();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);

        HiresAgainstLastYear Period(IReadOnlyList<MunicipalityHireFact> of, DateOnly from, DateOnly to) => new(from, to,
            of.Count(h => h.HiredOn >= from && h.HiredOn <= to),
            of.Count(h => h.HiredOn >= from.AddYears(-1) && h.HiredOn <= to.AddYears(-1)));

        var newcomers = hires.Where(h => h.Classification == HireClassification.External).ToList();
        return new MunicipalityHireFigures(
            today,
            Period(hires, monthStart, today),
            Period(hires, yearStart, today),
            [.. Enum.GetValues<HireClassification>().Select(classification =>
            {
                var classified = hires.Where(h => h.Classification == classification).ToList();
                return new ClassifiedHiresAgainstLastYear(
                    classification, Period(classified, monthStart, today), Period(classified, yearStart, today));
            })],
            [.. NewcomerMonths.Select(months => StillInRegionAt(newcomers, months, today))],
            AccompanyingPartners(hires.Where(h => h.HiredOn <= today).ToList(), today));
    }

    // The partner dashboard's retention rule: placed at least N months ago, and no departure from the region on or before
    // the N-month mark (an employment ended inside the region still counts as in the region: no later job is recorded).
    private static NewcomersStillInRegion StillInRegionAt(IReadOnlyList<MunicipalityHireFact> newcomers, int months, DateOnly today)
    {
        var placed = newcomers.Where(h => h.StartsOn.AddMonths(months) <= today).ToList();
        var stayed = placed.Count(h => h.LeftRegionOn is not { } left || left > h.StartsOn.AddMonths(months));
        return new NewcomersStillInRegion(months, placed.Count, stayed, ShareOf(stayed, placed.Count));
    }

    private static AccompanyingPartnerEmployment AccompanyingPartners(IReadOnlyList<MunicipalityHireFact> placed, DateOnly today)
    {
        var withPartner = placed.Where(h => h.TalentHasAccompanyingPartner == true).ToList();
        var employed = withPartner.Count(h => h.AccompanyingPartnerEmployedOn is { } on && on <= today);
        return new AccompanyingPartnerEmployment(withPartner.Count, employed, ShareOf(employed, withPartner.Count),
            placed.Count(h => h.TalentHasAccompanyingPartner is null));
    }

    private static decimal? ShareOf(int part, int whole) => whole == 0 ? null : decimal.Round((decimal)part / whole, 4);
}
