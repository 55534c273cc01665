using TalentPool.Metrics;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using static TalentPool.Tests.Metrics.Scenario.Expected;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>
/// Two years of a region, built once through the API (<see cref="TwoYearsOfARegion"/>), and every metric served today
/// read at the end of 2025, in the middle of 2026 and at the end of 2026, against the values worked out by hand in
/// <see cref="Expected"/>. The metrics still without an endpoint are worked out there too (<see cref="Expected.AwaitingEndpoints"/>):
/// asserting one is a read in <c>TwoYearsOfARegion.CheckpointAsync</c> and a few lines here.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoYearsOfARegionTests(TwoYearsOfARegion region) : IClassFixture<TwoYearsOfARegion>
{
    private Checkpoint At(DateOnly day) => region.Checkpoints[day];

    [Fact]
    public void Every_month_of_both_years_shows_its_hires_by_classification_cannibalisation_and_net_inflow()
    {
        var answer = At(EndOf2026).Read<RegionMonthlyMetricsAnswer>(Reads.RegionMonthly);

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.MonthlyHireTarget.ShouldBe(200);
        answer.Months.ShouldBe(Months);
        answer.Period.ShouldBe(BothYears);
    }

    [Fact]
    public void Each_year_read_as_a_period_sums_its_own_months_only()
    {
        At(EndOf2026).Read<RegionMonthlyMetricsAnswer>(Reads.Region2025).Period.ShouldBe(Year2025);
        At(EndOf2026).Read<RegionMonthlyMetricsAnswer>(Reads.Region2026).Period.ShouldBe(Year2026);
    }

    [Fact]
    public void At_the_end_of_2025_the_first_year_was_already_what_it_is_and_the_second_all_zeros()
    {
        var answer = At(EndOf2025).Read<RegionMonthlyMetricsAnswer>(Reads.RegionMonthly);

        answer.Months.Take(12).ShouldBe(Months.Take(12));
        answer.Months.Skip(12).ShouldAllBe(month => month.Hires == 0 && month.PlacedTalentsWhoLeftRegion == 0);
        At(EndOf2025).Read<RegionMonthlyMetricsAnswer>(Reads.Region2025).Period.ShouldBe(Year2025);
    }

    [Fact]
    public void Hires_per_month_lists_each_month_with_a_hire_a_cancellation_or_a_departure()
    {
        var answer = At(EndOf2026).Read<RegionHiresPerMonthAnswer>(Reads.RegionHiresPerMonth);

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.Months.ShouldBe(HiresPerMonth);
    }

    [Fact]
    public void Partner_As_dashboard_at_the_end_of_each_year()
    {
        ShouldBeTheSame(At(EndOf2025).Read<PartnerDashboardAnswer>(Reads.PartnerA), PartnerAAtEndOf2025);
        ShouldBeTheSame(At(EndOf2026).Read<PartnerDashboardAnswer>(Reads.PartnerA), PartnerAAtEndOf2026);
    }

    [Fact]
    public void Partner_Cs_dashboard_at_the_end_of_2026_after_the_erasure_of_one_of_its_employees()
    {
        ShouldBeTheSame(At(EndOf2026).Read<PartnerDashboardAnswer>(Reads.PartnerC), PartnerCAtEndOf2026);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2026-06-30")]
    [InlineData("2026-12-31")]
    public void The_municipalities_see_who_wants_to_live_there_and_their_licence_cost_this_year(string day)
    {
        var checkpoint = At(DateOnly.Parse(day));

        ShouldBeTheSame(checkpoint.Read<MunicipalityDashboardAnswer>(Reads.Hamar).Figures, checkpoint.Day,
            WantToLiveInHamar[checkpoint.Day], HamarLicenceMonths[checkpoint.Day]);
        ShouldBeTheSame(checkpoint.Read<MunicipalityDashboardAnswer>(Reads.Gjovik).Figures, checkpoint.Day,
            WantToLiveInGjovik[checkpoint.Day], GjovikLicenceMonths[checkpoint.Day]);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2026-06-30")]
    [InlineData("2026-12-31")]
    public void The_shared_base_holds_the_talents_whose_consent_to_each_kind_of_member_is_in_force(string day)
    {
        var checkpoint = At(DateOnly.Parse(day));
        var expected = SharedBaseAt[checkpoint.Day];

        checkpoint.Read<SharedTalentPage>(Reads.SharedWithPartners).Items.Count.ShouldBe(expected.WithPartners);
        checkpoint.Read<SharedTalentPage>(Reads.SharedWithMunicipalities).Items.Count.ShouldBe(expected.WithMunicipalities);
        checkpoint.Read<SharedTalentPage>(Reads.SharedPlusOnes).Items.Count.ShouldBe(PlusOnesWithPartnersAt[checkpoint.Day]);
    }

    [Fact]
    public void The_shared_base_counts_each_facet_from_the_talents_current_profiles()
    {
        var endOf2025 = At(EndOf2025).Read<SharedTalentPage>(Reads.SharedWithPartners).Facets;
        endOf2025.Countries.ShouldBe(CountriesWithPartnersAtEndOf2025);
        endOf2025.CompetenceAreas.ShouldBe(CompetenceAreasWithPartnersAtEndOf2025);

        var endOf2026 = At(EndOf2026).Read<SharedTalentPage>(Reads.SharedWithPartners).Facets;
        endOf2026.CompetenceAreas.ShouldBe(FacetsWithPartnersAtEndOf2026.CompetenceAreas);
        endOf2026.Countries.ShouldBe(FacetsWithPartnersAtEndOf2026.Countries);
        endOf2026.Languages.ShouldBe(FacetsWithPartnersAtEndOf2026.Languages);
        endOf2026.PreferredMunicipalities.ShouldBe(FacetsWithPartnersAtEndOf2026.PreferredMunicipalities);
        endOf2026.EducationLevels.ShouldBe(FacetsWithPartnersAtEndOf2026.EducationLevels);
    }

    [Fact]
    public void After_her_erasure_no_answer_names_Hana_though_the_figures_above_still_count_her_hire()
    {
        var hana = region["Hana"].ToString();

        foreach (var (name, json) in At(EndOf2026).Answers)
        {
            json.ShouldNotContain(hana, customMessage: name);
            json.ShouldNotContain("Hana Newcomer", customMessage: name);
        }
    }

    private static void ShouldBeTheSame(PartnerDashboardAnswer answer, PartnerDashboardFigures expected)
    {
        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        var actual = answer.Figures;
        actual.AsOf.ShouldBe(expected.AsOf);
        actual.OpenVacancies.ShouldBe(expected.OpenVacancies, "open vacancies");
        actual.CandidatesPerStage.ShouldBe(expected.CandidatesPerStage, "candidates per stage");
        actual.HiresThisMonth.ShouldBe(expected.HiresThisMonth);
        actual.HiresThisYear.ShouldBe(expected.HiresThisYear);
        actual.FeesThisYear.ShouldBe(expected.FeesThisYear);
        actual.MedianDaysToHire.ShouldBe(expected.MedianDaysToHire, "median days to hire");
        actual.Retention.ShouldBe(expected.Retention, "retention");
        actual.InternalHires.ShouldBe(expected.InternalHires);
    }

    private static void ShouldBeTheSame(
        MunicipalityDashboardFigures actual, DateOnly day, (int Talents, CompetenceAreaCount[] Areas) wanting, decimal[] licenceMonths)
    {
        actual.AsOf.ShouldBe(day);
        // A consent lasts 12 months in the region: noon of the same day a year before.
        actual.TalentsWantingToLiveHere.ConsentInForceSince.ShouldBe(new DateTimeOffset(day.AddYears(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        actual.TalentsWantingToLiveHere.Talents.ShouldBe(wanting.Talents, "talents who want to live there");
        actual.TalentsWantingToLiveHere.ByCompetenceArea.ShouldBe(wanting.Areas);

        var licence = actual.LicenceCostThisYear;
        licence.From.ToString().ShouldBe($"{day.Year}-01");
        licence.Months.Select(m => m.Amount.Amount).ShouldBe(licenceMonths, "licence per month");
        licence.Months.ShouldAllBe(m => !m.Closed && m.Amount.Currency == "NOK");
        licence.Total.Amount.ShouldBe(licenceMonths.Sum());
    }
}
