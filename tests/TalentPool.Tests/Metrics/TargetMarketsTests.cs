using TalentPool.Metrics;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// Target markets' arithmetic without a database (PRODUCT.md: "Target markets: registrations and hires by country and
/// competence area"): months pre-aggregated by the projection's own rule, then summed over a period.
/// </summary>
public sealed class TargetMarketsTests
{
    private static readonly DateOnly February = new(2026, 2, 1), March = new(2026, 3, 1);

    [Fact]
    public void A_month_counts_each_talent_once_in_its_country_and_once_in_each_of_its_competence_areas()
    {
        var month = TargetMarketMonth.Empty(TargetMarketMonth.RegistrationsId(February), null, February)
            .With("in", ["Battery engineering", "Process chemistry"])
            .With("IN", ["Battery engineering", "Battery engineering"])
            .With("SE", []);

        month.Month.ShouldBe("2026-02");
        month.Total.ShouldBe(3);
        month.ByCountry.ShouldBe([new CountryCount("IN", 2), new CountryCount("SE", 1)]);
        month.ByCountryAndCompetenceArea.ShouldBe([
            new CountryCompetenceAreaCount("IN", "Battery engineering", 2), new CountryCompetenceAreaCount("IN", "Process chemistry", 1)]);
    }

    [Fact]
    public void A_period_sums_its_months_by_country_by_competence_area_and_by_both_most_first_then_by_name()
    {
        var february = TargetMarketMonth.Empty("registrations/2026-02", null, February)
            .With("IN", ["Battery engineering", "Process chemistry"]).With("SE", ["Nursing"]);
        var march = TargetMarketMonth.Empty("registrations/2026-03", null, March)
            .With("IN", ["Battery engineering"]).With("NO", ["Nursing"]);

        var counts = TargetMarkets.Sum([february, march]);

        counts.ShouldBe(Expected.Registrations, new TargetMarketCountsComparer());
    }

    /// <summary>Worked by hand, also the answer of the HTTP test's February and March (<see cref="RegionTargetMarketsTests"/>).</summary>
    public static class Expected
    {
        // IN: T1 (Battery engineering, Process chemistry) and T3 (Battery engineering); SE: T2 (Nursing); NO: T4 (Nursing).
        public static readonly TargetMarketCounts Registrations = new(
            4,
            [new("IN", 2), new("NO", 1), new("SE", 1)],
            [new("Battery engineering", 2), new("Nursing", 2), new("Process chemistry", 1)],
            [new("IN", "Battery engineering", 2), new("IN", "Process chemistry", 1), new("NO", "Nursing", 1), new("SE", "Nursing", 1)]);

        // T1 and T3 (from India; T3's hire later cancelled, still a hire of its month) and T2 (from Sweden).
        public static readonly TargetMarketCounts Hires = new(
            3,
            [new("IN", 2), new("SE", 1)],
            [new("Battery engineering", 2), new("Nursing", 1), new("Process chemistry", 1)],
            [new("IN", "Battery engineering", 2), new("IN", "Process chemistry", 1), new("SE", "Nursing", 1)]);
    }
}

/// <summary>Counts compared by value, lists element by element (records compare lists by reference).</summary>
public sealed class TargetMarketCountsComparer : IEqualityComparer<TargetMarketCounts>
{
    public bool Equals(TargetMarketCounts? x, TargetMarketCounts? y) =>
        x is not null && y is not null && x.Total == y.Total && x.ByCountry.SequenceEqual(y.ByCountry)
        && x.ByCompetenceArea.SequenceEqual(y.ByCompetenceArea) && x.ByCountryAndCompetenceArea.SequenceEqual(y.ByCountryAndCompetenceArea);

    public int GetHashCode(TargetMarketCounts obj) => obj.Total;
}
