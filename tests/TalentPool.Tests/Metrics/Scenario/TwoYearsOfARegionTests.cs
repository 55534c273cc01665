using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using static TalentPool.Tests.Metrics.Scenario.Expected;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>
/// Two years of a region, built once through the API (<see cref="TwoYearsOfARegion"/>), and every metric read at the end
/// of 2025, in the middle of 2026 and at the end of 2026, against the values worked out by hand in <see cref="Expected"/>;
/// at the end of 2026 every metric is read as CSV too, and its figures must be the JSON's
/// (<see cref="MetricCsvAgreesWithJson"/>).
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
        endOf2026.CountedTalents.ShouldBe(FacetsWithPartnersAtEndOf2026.CountedTalents);
        endOf2026.CompetenceAreas.ShouldBe(FacetsWithPartnersAtEndOf2026.CompetenceAreas);
        endOf2026.Countries.ShouldBe(FacetsWithPartnersAtEndOf2026.Countries);
        endOf2026.Languages.ShouldBe(FacetsWithPartnersAtEndOf2026.Languages);
        endOf2026.PreferredMunicipalities.ShouldBe(FacetsWithPartnersAtEndOf2026.PreferredMunicipalities);
        endOf2026.EducationLevels.ShouldBe(FacetsWithPartnersAtEndOf2026.EducationLevels);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2026-06-30")]
    [InlineData("2026-12-31")]
    public void Retention_cohorts_at_3_6_and_12_months_count_each_placement_once_its_cohorts_mark_has_come(string day)
    {
        var checkpoint = At(DateOnly.Parse(day));
        var answer = checkpoint.Read<RegionRetentionAnswer>(Reads.Retention);

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.AsOf.ShouldBe(checkpoint.Day);
        answer.Cohorts.Select(c => c.StartMonth).ShouldBe(Enumerable.Range(0, 24).Select(m => $"{2025 + m / 12}-{m % 12 + 1:D2}"));
        answer.Cohorts.Where(c => c.Placed > 0).Select(c => new RetentionCohort(c.StartMonth, c.Placed, At(c, 3), At(c, 6), At(c, 12)))
            .ShouldBe(RetentionCohortsAt[checkpoint.Day]);
        foreach (var cohort in answer.Cohorts)
        {
            var lastDay = DateOnly.ParseExact(cohort.StartMonth + "-01", "yyyy-MM-dd").AddMonths(1).AddDays(-1);
            cohort.Retention.Select(r => r.Months).ShouldBe([3, 6, 12]);
            foreach (var at in cohort.Retention)
            {
                at.KnownOn.ShouldBe(lastDay.AddMonths(at.Months), cohort.StartMonth);
                at.Churn.ShouldBe(1 - at.Retention, "churn = 1 − retention");
                (at.StillInRegion is null).ShouldBe(at.KnownOn > checkpoint.Day, cohort.StartMonth);
            }
        }
    }

    private static Retained? At(CohortRetention cohort, int months) => cohort.Retention.Single(r => r.Months == months) is { StillInRegion: { } stayed } at
        ? new Retained(cohort.Placed, stayed, at.Retention)
        : null;

    [Fact]
    public void Monthly_churn_is_the_placed_talents_who_left_the_region_in_a_month_over_those_in_it_at_its_start_each_talent_once()
    {
        static ChurnInMonth Figures(MonthlyChurn m) => new(m.Month, m.PlacedInRegionAtStart, m.LeftRegion, m.Churn);

        At(EndOf2026).Read<RegionRetentionAnswer>(Reads.Retention).Months.Select(Figures).ShouldBe(MonthlyChurnBothYears);

        // At the end of 2025 the months of 2026 have not begun: all null.
        var endOf2025 = At(EndOf2025).Read<RegionRetentionAnswer>(Reads.Retention).Months;
        endOf2025.Take(12).Select(Figures).ShouldBe(MonthlyChurnBothYears.Take(12));
        endOf2025.Skip(12).ShouldAllBe(m => m.PlacedInRegionAtStart == null && m.LeftRegion == null && m.Churn == null);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2026-06-30")]
    [InlineData("2026-12-31")]
    public void The_plus_one_employment_rate_is_the_share_of_placed_talents_with_an_accompanying_partner_whose_partner_found_work(string day)
    {
        var checkpoint = At(DateOnly.Parse(day));

        checkpoint.Read<RegionRetentionAnswer>(Reads.Retention).AccompanyingPartnerEmployment.ShouldBe(PlusOneAt[checkpoint.Day]);
    }

    [Fact]
    public void Member_churn_is_the_members_whose_membership_ended_in_the_period_over_those_at_its_start()
    {
        foreach (var expected in MemberChurnPeriods)
        {
            var answer = At(EndOf2026).Read<RegionMemberChurnAnswer>(Reads.MemberChurn(expected.From, expected.To));
            answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
            answer.Period.ShouldBe(expected, $"{expected.From}..{expected.To}");
        }
        // A single month's period is that month's figures.
        var july = At(EndOf2026).Read<RegionMemberChurnAnswer>(Reads.MemberChurn("2026-07", "2026-07"));
        july.Months.Single().ShouldBe(new MemberChurnMonth("2026-07", july.Period.Partners, july.Period.Municipalities, july.Period.Total));
    }

    [Fact]
    public void Target_markets_count_registrations_and_hires_by_country_and_competence_area()
    {
        ShouldBeTheSame(At(EndOf2026).Read<RegionTargetMarketsAnswer>(Reads.TargetMarketsBothYears), "2025-01", "2026-12",
            TargetMarketsBothYears, RegistrationsBothYears, HiresBothYears);
        ShouldBeTheSame(At(EndOf2026).Read<RegionTargetMarketsAnswer>(Reads.TargetMarkets2026), "2026-01", "2026-12",
            TargetMarkets2026, Registrations2026, Hires2026);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2026-06-30")]
    [InlineData("2026-12-31")]
    public void Goals_show_the_talent_base_against_its_goal_and_hires_to_date_against_10000_by_2030(string day)
    {
        var checkpoint = At(DateOnly.Parse(day));
        var answer = checkpoint.Read<RegionGoalsAnswer>(Reads.Goals);

        answer.Freshness.Wait.ShouldBe(WaitOutcome.Reached);
        answer.AsOf.ShouldBe(checkpoint.Day);
        // A consent lasts 12 months in the region: in force when given after noon of the same day a year before.
        var talentBase = answer.TalentBase;
        talentBase.ConsentInForceSince.ShouldBe(new DateTimeOffset(checkpoint.Day.AddYears(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        new TalentBase(talentBase.Talents, talentBase.Goal, talentBase.Share).ShouldBe(TalentBaseAt[checkpoint.Day]);
        var hires = answer.Hires;
        new LongRangeGoal(hires.HiresToDate, hires.Goal, hires.By.ToString(), hires.RemainingHires, hires.RemainingMonths,
            hires.RequiredMonthlyRate, hires.FirstHireMonth?.ToString(), hires.MonthsSoFar, hires.AverageMonthlyRateSoFar)
            .ShouldBe(LongRangeGoalAt[checkpoint.Day]);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2026-12-31")]
    public void The_municipalities_see_the_hires_located_there_the_newcomers_still_in_the_region_and_plus_one_employment(string day)
    {
        var checkpoint = At(DateOnly.Parse(day));

        ShouldBeTheSame(checkpoint.Read<MunicipalityDashboardAnswer>(Reads.Hamar).HiresLocatedHere, checkpoint.Day, HamarAt[checkpoint.Day]);
        ShouldBeTheSame(checkpoint.Read<MunicipalityDashboardAnswer>(Reads.Gjovik).HiresLocatedHere, checkpoint.Day, GjovikAt[checkpoint.Day]);
    }

    [Fact]
    public void A_hire_of_a_talent_a_former_member_still_employs_is_no_internal_hire_that_member_lost()
    {
        var answer = At(EndOf2026).Read<PartnerDashboardAnswer>(Reads.PartnerB);

        answer.Figures.InternalHires.ShouldBe(PartnerBInternalHiresAtEndOf2026);
        At(EndOf2026).Read<PartnerDashboardAnswer>(Reads.PartnerC).Figures.InternalHires.MadeThisYear.ShouldBe(0, "C's hire of Wen (h20)");
    }

    [Fact]
    public void Every_metric_read_as_CSV_holds_the_figures_of_its_JSON()
    {
        var checkpoint = At(EndOf2026);
        var metrics = checkpoint.Answers.Keys.Where(name => !name.StartsWith("shared base", StringComparison.Ordinal));
        checkpoint.CsvAnswers.Keys.ShouldBe(metrics, ignoreOrder: true);

        foreach (var (name, csv) in checkpoint.CsvAnswers) MetricCsvAgreesWithJson.Check(name, checkpoint.Answers[name], csv);
    }

    [Fact]
    public void After_her_erasure_no_answer_names_Hana_though_the_figures_above_still_count_her_hire()
    {
        var hana = region["Hana"].ToString();

        foreach (var (name, json) in At(EndOf2026).Answers.Concat(At(EndOf2026).CsvAnswers))
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
        RegionTargetMarketsAnswer answer, string from, string to, TargetMarket[] cells, MarketTotals registrations, MarketTotals hires)
    {
        (answer.From, answer.To, answer.RegistrationsScope).ShouldBe((from, to, "region"));
        ShouldBeTheSame(answer.Registrations, registrations, [.. cells.Select(c => new CountryCompetenceAreaCount(c.Country, c.CompetenceArea, c.Registrations))]);
        ShouldBeTheSame(answer.Hires, hires, [.. cells.Select(c => new CountryCompetenceAreaCount(c.Country, c.CompetenceArea, c.Hires))]);
    }

    private static void ShouldBeTheSame(TargetMarketCounts actual, MarketTotals expected, CountryCompetenceAreaCount[] cells)
    {
        actual.Total.ShouldBe(expected.Total);
        actual.ByCountry.ShouldBe(expected.ByCountry);
        actual.ByCompetenceArea.ShouldBe(expected.ByArea);
        // The cells with a count, listed most first, then by country and area.
        actual.ByCountryAndCompetenceArea.ShouldBe(cells.Where(c => c.Count > 0)
            .OrderByDescending(c => c.Count).ThenBy(c => c.Country, StringComparer.Ordinal).ThenBy(c => c.CompetenceArea, StringComparer.Ordinal));
    }

    private static void ShouldBeTheSame(MunicipalityHireFigures actual, DateOnly day, HiresLocatedThere expected)
    {
        var month = new DateOnly(day.Year, day.Month, 1);
        var year = new DateOnly(day.Year, 1, 1);
        actual.AsOf.ShouldBe(day);
        ShouldBe(actual.ThisMonth, actual.ThisYear, expected.All);
        actual.ByClassification.Select(c => c.Classification)
            .ShouldBe([HireClassification.External, HireClassification.Internal, HireClassification.Local]);
        foreach (var (classified, hires) in actual.ByClassification.Zip([expected.External, expected.Internal, expected.Local]))
        {
            ShouldBe(classified.ThisMonth, classified.ThisYear, hires);
        }
        actual.NewcomersStillInRegion.ShouldBe([
            new(3, expected.NewcomersAt3.Placed, expected.NewcomersAt3.StillInRegion, expected.NewcomersAt3.Share),
            new(6, expected.NewcomersAt6.Placed, expected.NewcomersAt6.StillInRegion, expected.NewcomersAt6.Share),
            new(12, expected.NewcomersAt12.Placed, expected.NewcomersAt12.StillInRegion, expected.NewcomersAt12.Share)]);
        actual.AccompanyingPartnerEmployment.ShouldBe(expected.PlusOne);

        void ShouldBe(HiresAgainstLastYear thisMonth, HiresAgainstLastYear thisYear, HiresThen hires)
        {
            thisMonth.ShouldBe(new HiresAgainstLastYear(month, day, hires.ThisMonth, hires.ThisMonthLastYear));
            thisYear.ShouldBe(new HiresAgainstLastYear(year, day, hires.ThisYear, hires.ThisYearLastYear));
        }
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
