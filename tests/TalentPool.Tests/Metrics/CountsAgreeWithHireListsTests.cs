using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The dashboards' counts give the figures the lists of hires gave before them (one fact per hire, computed at read time):
/// random histories of hires with cancellations, departures, time to hire and "+1"s, read as of random days, against the
/// list arithmetic kept here as it was. Seeded, so a failure is the same every run.
/// </summary>
public sealed class CountsAgreeWithHireListsTests
{
    private static readonly DateOnly First = new(2024, 1, 1);

    private static List<(PartnerHireFact Partner, MunicipalityHireFact Municipality)> Hires(Random random, int count) =>
    [.. Enumerable.Range(0, count).Select(_ =>
    {
        var hiredOn = First.AddDays(random.Next(0, 1000));
        var startsOn = hiredOn.AddDays(random.Next(-30, 60));
        var classification = (HireClassification)random.Next(0, 3);
        var fate = random.Next(0, 10);
        DateOnly? cancelledOn = fate == 0 ? hiredOn.AddDays(random.Next(0, 120)) : null;
        DateOnly? leftOn = fate is 1 or 2 ? startsOn.AddDays(random.Next(1, 500)) : null;
        bool? plusOne = random.Next(0, 4) switch { 0 => null, 1 => true, _ => false };
        DateOnly? worksOn = random.Next(0, 3) == 0 ? startsOn.AddDays(random.Next(0, 200)) : null;
        int? daysToHire = random.Next(0, 3) == 0 ? null : random.Next(0, 90);
        var fee = new Money(random.Next(0, 3) * 10_000m, "NOK");
        return (new PartnerHireFact(hiredOn, startsOn, classification, fee, daysToHire, cancelledOn, cancelledOn is null ? null : fee, leftOn),
            new MunicipalityHireFact(hiredOn, startsOn, classification, plusOne, cancelledOn, leftOn, cancelledOn is null || worksOn < cancelledOn ? worksOn : null));
    })];

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5)]
    public void A_partners_counts_give_the_figures_its_list_of_hires_gave_as_of_any_day(int seed)
    {
        var random = new Random(seed);
        var hires = Hires(random, 400).Select(h => h.Partner).ToList();
        var hiredAway = Enumerable.Range(0, 30).Select(_ => First.AddDays(random.Next(0, 1000))).ToList();
        var counts = PartnerDashboardCounts.Of(Guid.Empty, hires, hiredAway);

        for (var day = First.AddDays(-10); day < First.AddDays(1200); day = day.AddDays(random.Next(1, 40)))
        {
            var figures = PartnerDashboardFigures.Compute(counts, day, "NOK");
            var expected = PartnerFiguresFromTheList(hires, hiredAway, day);
            (figures.HiresThisMonth, figures.HiresThisYear, figures.FeesThisYear, figures.MedianDaysToHire, figures.InternalHires)
                .ShouldBe((expected.ThisMonth, expected.ThisYear, expected.Fees, expected.Median, expected.Internal), $"as of {day}");
            figures.Retention.ShouldBe(expected.Retention, $"as of {day}");
        }
    }

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5)]
    public void A_municipalitys_counts_give_the_figures_its_list_of_hires_gave_as_of_any_day(int seed)
    {
        var random = new Random(seed);
        var hires = Hires(random, 400).Select(h => h.Municipality).ToList();
        var counts = MunicipalityHireCounts.Of(Guid.Empty, "3403", hires);

        for (var day = First.AddDays(-10); day < First.AddDays(1200); day = day.AddDays(random.Next(1, 40)))
        {
            var figures = MunicipalityHireFigures.Compute(counts, day);
            var expected = MunicipalityFiguresFromTheList(hires, day);
            (figures.ThisMonth, figures.ThisYear, figures.AccompanyingPartnerEmployment).ShouldBe((expected.ThisMonth, expected.ThisYear, expected.PlusOne), $"as of {day}");
            figures.ByClassification.ShouldBe(expected.ByClassification, $"as of {day}");
            figures.NewcomersStillInRegion.ShouldBe(expected.Newcomers, $"as of {day}");
        }
    }

    // The partner dashboard's arithmetic over its list of hires, as it was before the counts.
    private static (HiresAgainstLastYear ThisMonth, HiresAgainstLastYear ThisYear, Money Fees, decimal? Median, InternalHires Internal,
        IReadOnlyList<RetentionAt> Retention) PartnerFiguresFromTheList(List<PartnerHireFact> all, List<DateOnly> hiredAway, DateOnly today)
    {
        var hires = all.Where(h => h.CancelledOn is not { } cancelledOn || cancelledOn > today).ToList();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);
        HiresAgainstLastYear Period(DateOnly from, DateOnly to) => new(from, to,
            hires.Count(h => h.HiredOn >= from && h.HiredOn <= to), hires.Count(h => h.HiredOn >= from.AddYears(-1) && h.HiredOn <= to.AddYears(-1)));
        var fees = Money.Sum(all.Where(h => h.HiredOn.Year == today.Year && h.HiredOn <= today).Select(h => h.Fee), "NOK")
            - Money.Sum(all.Where(h => h.CancelledOn is { } on && on.Year == today.Year && on <= today).Select(h => h.CreditedFee!), "NOK");
        var days = hires.Where(h => h.DaysToHire is not null && h.HiredOn <= today).Select(h => h.DaysToHire!.Value).Order().ToList();
        decimal? median = days.Count == 0 ? null : days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2m;
        return (Period(monthStart, today), Period(yearStart, today), fees, median,
            new InternalHires(
                hires.Count(h => h.Classification == HireClassification.Internal && h.HiredOn >= yearStart && h.HiredOn <= today),
                hires.Count(h => h.Classification == HireClassification.Internal && h.HiredOn <= today),
                hiredAway.Count(on => on >= yearStart && on <= today), hiredAway.Count(on => on <= today)),
            [.. PartnerDashboardFigures.RetentionMonths.Select(months =>
            {
                var placed = hires.Where(h => h.StartsOn.AddMonths(months) <= today).ToList();
                var stayed = placed.Count(h => h.LeftRegionOn is not { } left || left > h.StartsOn.AddMonths(months));
                return new RetentionAt(months, placed.Count, stayed, placed.Count == 0 ? null : decimal.Round((decimal)stayed / placed.Count, 4));
            })]);
    }

    // The municipality's arithmetic over its list of hires, as it was before the counts.
    private static (HiresAgainstLastYear ThisMonth, HiresAgainstLastYear ThisYear, IReadOnlyList<ClassifiedHiresAgainstLastYear> ByClassification,
        IReadOnlyList<NewcomersStillInRegion> Newcomers, AccompanyingPartnerEmployment PlusOne) MunicipalityFiguresFromTheList(
        List<MunicipalityHireFact> all, DateOnly today)
    {
        var hires = all.Where(h => h.CancelledOn is null).ToList();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);
        static HiresAgainstLastYear Period(List<MunicipalityHireFact> of, DateOnly from, DateOnly to) => new(from, to,
            of.Count(h => h.HiredOn >= from && h.HiredOn <= to), of.Count(h => h.HiredOn >= from.AddYears(-1) && h.HiredOn <= to.AddYears(-1)));
        static decimal? Share(int part, int whole) => whole == 0 ? null : decimal.Round((decimal)part / whole, 4);
        var newcomers = hires.Where(h => h.Classification == HireClassification.External).ToList();
        var placed = hires.Where(h => h.HiredOn <= today).ToList();
        var withPartner = placed.Where(h => h.TalentHasAccompanyingPartner == true).ToList();
        var employed = withPartner.Count(h => h.AccompanyingPartnerEmployedOn is { } on && on <= today);
        return (Period(hires, monthStart, today), Period(hires, yearStart, today),
            [.. Enum.GetValues<HireClassification>().Select(classification =>
            {
                var classified = hires.Where(h => h.Classification == classification).ToList();
                return new ClassifiedHiresAgainstLastYear(classification, Period(classified, monthStart, today), Period(classified, yearStart, today));
            })],
            [.. MunicipalityHireFigures.NewcomerMonths.Select(months =>
            {
                var started = newcomers.Where(h => h.StartsOn.AddMonths(months) <= today).ToList();
                var stayed = started.Count(h => h.LeftRegionOn is not { } left || left > h.StartsOn.AddMonths(months));
                return new NewcomersStillInRegion(months, started.Count, stayed, Share(stayed, started.Count));
            })],
            new AccompanyingPartnerEmployment(withPartner.Count, employed, Share(employed, withPartner.Count), placed.Count(h => h.TalentHasAccompanyingPartner is null)));
    }
}
