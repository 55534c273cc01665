using System.Text.Json;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// A dashboard read loads one counts document (a retention read one per month asked for) and computes over its keys: the
/// work does not grow with the history when the keys do not. Two histories over the same two years, one ten times as busy
/// as the other (every day, days to hire, cancellation and departure day already taken in the smaller one), give documents
/// with the same keys: only the numbers in them grow.
/// </summary>
public sealed class CountsStayBoundedTests
{
    private static readonly DateOnly First = new(2024, 11, 25);
    private static readonly Money Fee = new(20_000m, "NOK");

    // Hire i of a history: every pattern repeats within 40,000 hires, so a longer history only adds to the same keys.
    private static (DateOnly HiredOn, DateOnly StartsOn, HireClassification Classification, int DaysToHire, DateOnly? CancelledOn, DateOnly? LeftOn,
        bool? PlusOne, DateOnly? PlusOneWorksOn) Hire(int i)
    {
        var hiredOn = First.AddDays(i % 730);
        var startsOn = hiredOn.AddDays(i % 3 * 7);
        DateOnly? cancelledOn = i % 20 == 0 ? hiredOn.AddDays(i % 40 / 20 * 10) : null;
        DateOnly? leftOn = cancelledOn is null && i % 7 == 0 ? startsOn.AddDays(30 + i % 2 * 60) : null;
        bool? plusOne = (i % 5) switch { 0 => null, 1 or 2 => true, _ => false };
        DateOnly? worksOn = plusOne == true && i % 2 == 0 ? startsOn.AddDays(20) : null;
        return (hiredOn, startsOn, (HireClassification)(i % 3), i % 60, cancelledOn, leftOn, plusOne, worksOn);
    }

    private static PartnerDashboardCounts Partner(int hires) => PartnerDashboardCounts.Of(Guid.Empty,
        Enumerable.Range(0, hires).Select(Hire).Select(h => new PartnerHireFact(h.HiredOn, h.StartsOn, h.Classification, Fee, h.DaysToHire,
            h.CancelledOn, h.CancelledOn is null ? null : Fee, h.LeftOn)),
        Enumerable.Range(0, hires / 10).Select(i => First.AddDays(i % 730)));

    private static MunicipalityHireCounts Municipality(int hires) => MunicipalityHireCounts.Of(Guid.Empty, "3403",
        Enumerable.Range(0, hires).Select(Hire).Select(h => new MunicipalityHireFact(h.HiredOn, h.StartsOn, h.Classification, h.PlusOne,
            h.CancelledOn, h.LeftOn, h.PlusOneWorksOn)));

    private static RegionRetentionCounts Cohort(int hires) => RegionRetentionCounts.Of(Guid.Empty, new DateOnly(2025, 3, 1),
        Enumerable.Range(0, hires).Select(Hire).Where(h => h.StartsOn.Year == 2025 && h.StartsOn.Month == 3)
            .Select(h => new CohortPlacement(h.StartsOn, h.PlusOne, h.CancelledOn, h.LeftOn, h.PlusOneWorksOn)));

    [Fact]
    public void A_partners_counts_hold_the_same_keys_for_ten_times_the_hires_over_the_same_days()
    {
        var (smaller, busier) = (Partner(40_000), Partner(400_000));

        KeysOf(busier).ShouldBe(KeysOf(smaller));
        PartnerDashboardFigures.Compute(busier, new DateOnly(2026, 11, 25), "NOK").HiresThisYear.Hires
            .ShouldBeGreaterThan(9 * PartnerDashboardFigures.Compute(smaller, new DateOnly(2026, 11, 25), "NOK").HiresThisYear.Hires);
    }

    [Fact]
    public void A_municipalitys_hire_counts_hold_the_same_keys_for_ten_times_the_hires_over_the_same_days()
    {
        var (smaller, busier) = (Municipality(40_000), Municipality(400_000));

        KeysOf(busier).ShouldBe(KeysOf(smaller));
        MunicipalityHireFigures.Compute(busier, new DateOnly(2026, 11, 25)).ThisYear.Hires
            .ShouldBeGreaterThan(9 * MunicipalityHireFigures.Compute(smaller, new DateOnly(2026, 11, 25)).ThisYear.Hires);
    }

    [Fact]
    public void A_retention_cohorts_counts_hold_the_same_keys_for_ten_times_the_placements_of_its_month()
    {
        var (smaller, busier) = (Cohort(40_000), Cohort(400_000));

        KeysOf(busier).ShouldBe(KeysOf(smaller));
        busier.Placed.ShouldBeGreaterThan(9 * smaller.Placed);
    }

    [Fact]
    public void A_partners_counts_of_four_hundred_thousand_hires_stay_a_few_hundred_kilobytes()
    {
        // What a read loads and parses: bounded by two years of days (and 60 values of days to hire), not by the hires.
        JsonSerializer.Serialize(Partner(400_000)).Length.ShouldBeLessThan(400_000);
    }

    [Fact]
    public void A_partners_counts_are_keyed_by_month_not_by_day_and_stay_within_about_a_hundred_kilobytes()
    {
        var busier = Partner(400_000);

        // Every date key is a month's first day (its days' counts are in one array under it); the cancellations'
        // (hire day, cancellation day) pairs are the only day keys left: cancellations are few.
        var dayKeys = KeysOf(busier).Where(key => !key.Contains("/withdrawn/", StringComparison.OrdinalIgnoreCase))
            .Select(key => key.Split('/')[^1]).Where(name => DateOnly.TryParse(name, out _)).Select(DateOnly.Parse).ToList();
        dayKeys.ShouldNotBeEmpty();
        dayKeys.ShouldAllBe(day => day.Day == 1);
        // Every day of two years taken, 60 values of days to hire, 20,000 cancellations on 1,460 pairs of days: 108 KB.
        JsonSerializer.Serialize(busier).Length.ShouldBeLessThan(120_000);
    }

    /// <summary>Every property path of the document as JSON, its numbers left out.</summary>
    private static IReadOnlyList<string> KeysOf(object document)
    {
        var keys = new List<string>();
        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    keys.Add($"{path}/{property.Name}");
                    Walk(property.Value, $"{path}/{property.Name}");
                }
            }
        }
        Walk(JsonSerializer.SerializeToElement(document, document.GetType()), "");
        return [.. keys.Order(StringComparer.Ordinal)];
    }
}
