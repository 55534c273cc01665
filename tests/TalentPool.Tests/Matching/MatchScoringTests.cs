using TalentPool.Matching;
using TalentPool.Talents;

namespace TalentPool.Tests.Matching;

/// <summary>
/// The weights, worked out by hand for one vacancy: battery engineering in 3403, Norwegian and English required, at least a
/// bachelor's degree and five years. Each expected part is written as the README's table gives it.
/// </summary>
public sealed class MatchScoringTests
{
    public static readonly MatchRequirements Vacancy = new("Battery engineering", ["nb", "en"], "3403", EducationLevel.Bachelor, 5);

    /// <summary>The region's other openings: a nursing vacancy titled "Nurse" and a welding one.</summary>
    public static readonly OccupationOpenings Openings = new(["Nursing", "Nurse", "Welding", "TIG welder"]);

    public static TalentProfile Profile(
        string[] languages, string[] preferred, EducationLevel education, int years, string? plusOne = null, bool? relocate = null,
        string area = "Battery engineering") =>
        new("IN", null, languages, [area], education, years, preferred, plusOne is null ? null : new AccompanyingPartner(plusOne),
            HeardAboutUsChannel.Other, relocate);

    // Astrid: both languages, prefers 3403, a master's, 8 years, no "+1": 25 + 20 + 20 + 0 + 15 + 15 + 0 = 95.
    public static readonly TalentProfile Astrid = Profile(["nb", "en"], ["3403"], EducationLevel.Master, 8);
    // Bo: English only (1 of 2: 10), prefers 3405 but would relocate (10), a bachelor's, 5 years, a nurse as "+1" (openings): 80.
    public static readonly TalentProfile Bo = Profile(["en"], ["3405"], EducationLevel.Bachelor, 5, plusOne: "Nurse", relocate: true);
    // Chen: English and Chinese (10), prefers 3403 (20), vocational (one below: 7), 3 of 5 years (15 × 3 / 5 = 9), a chef as "+1" (none): 71.
    public static readonly TalentProfile Chen = Profile(["en", "zh"], ["3403"], EducationLevel.Vocational, 3, plusOne: "Chef");
    // Dara: Norwegian only (10), no preferred municipality, would not relocate, a doctorate, 20 years: 25 + 10 + 0 + 0 + 15 + 15 + 0 = 65.
    public static readonly TalentProfile Dara = Profile(["nb"], [], EducationLevel.Doctorate, 20, relocate: false);

    [Fact]
    public void Each_part_of_a_score_is_the_weight_the_factor_earns()
    {
        Points(MatchScoring.Score(Vacancy, Astrid, Openings)).ShouldBe([25, 20, 20, 0, 15, 15, 0]);
        Points(MatchScoring.Score(Vacancy, Bo, Openings)).ShouldBe([25, 10, 0, 10, 15, 15, 5]);
        Points(MatchScoring.Score(Vacancy, Chen, Openings)).ShouldBe([25, 10, 20, 0, 7, 9, 0]);
        Points(MatchScoring.Score(Vacancy, Dara, Openings)).ShouldBe([25, 10, 0, 0, 15, 15, 0]);
    }

    [Fact]
    public void The_total_is_the_sum_of_the_parts_and_the_hand_ranked_order_follows()
    {
        var totals = new[] { Astrid, Bo, Chen, Dara }.Select(t => MatchScoring.Score(Vacancy, t, Openings)).ToList();
        totals.Select(s => s.Total).ShouldBe([95, 80, 71, 65]);
        totals.ShouldAllBe(s => s.Total == s.Parts.Sum(p => p.Points));
    }

    [Fact]
    public void Every_factor_is_listed_once_with_its_maximum_and_the_maxima_add_up_to_100()
    {
        var parts = MatchScoring.Score(Vacancy, Astrid, Openings).Parts;
        parts.Select(p => p.Factor).ShouldBe(Enum.GetValues<MatchFactor>());
        parts.Select(p => p.MaxPoints).ShouldBe([25, 20, 20, 10, 15, 15, 5]);
        // The relocation points stand in for the preferred municipality's, never beside them.
        MatchScoring.MaxScore.ShouldBe(100);
    }

    [Fact]
    public void Each_part_explains_itself()
    {
        var bo = MatchScoring.Score(Vacancy, Bo, Openings).Parts.ToDictionary(p => p.Factor, p => p.Reason);
        bo[MatchFactor.Languages].ShouldBe("Speaks 1 of the 2 required languages; not nb.");
        bo[MatchFactor.WillingToRelocate].ShouldBe("Willing to relocate to 3403.");
        bo[MatchFactor.AccompanyingPartner].ShouldBe("The \"+1\"'s occupation has openings in the region.");
        var chen = MatchScoring.Score(Vacancy, Chen, Openings).Parts.ToDictionary(p => p.Factor, p => p.Reason);
        chen[MatchFactor.Education].ShouldBe("Vocational is one level below the minimum (Bachelor).");
        chen[MatchFactor.Experience].ShouldBe("3 of the 5 years required.");
        chen[MatchFactor.AccompanyingPartner].ShouldBe("The \"+1\"'s occupation has no openings in the region now.");
    }

    [Fact]
    public void A_vacancy_asking_for_nothing_gives_full_points_for_languages_education_and_experience()
    {
        var open = new MatchRequirements("Battery engineering", [], "3403", null, null);
        Points(MatchScoring.Score(open, Dara, OccupationOpenings.None)).ShouldBe([25, 20, 0, 0, 15, 15, 0]);
    }

    [Fact]
    public void Education_two_levels_below_the_minimum_earns_nothing_and_no_experience_earns_nothing()
    {
        var score = MatchScoring.Score(Vacancy, Profile(["nb", "en"], ["3403"], EducationLevel.UpperSecondary, 0), Openings);
        score.Parts.Single(p => p.Factor == MatchFactor.Education).Points.ShouldBe(0);
        score.Parts.Single(p => p.Factor == MatchFactor.Experience).Points.ShouldBe(0);
    }

    [Fact]
    public void Protected_and_personal_attributes_are_no_input_the_same_profile_from_anywhere_scores_the_same()
    {
        var fromNorway = Astrid with { CountryOfResidence = "NO", MunicipalityOfResidence = "3403", HeardAboutUsVia = HeardAboutUsChannel.Employer };
        MatchScoring.Score(Vacancy, fromNorway, Openings).ShouldBe(MatchScoring.Score(Vacancy, Astrid, Openings), new ScoreComparer());
    }

    [Theory]
    [InlineData("Nurse", true)]
    [InlineData("Registered nurse", true)]
    [InlineData("Welder", true)]
    [InlineData("Chef", false)]
    [InlineData("Teacher", false)]
    [InlineData("Process operator", false)]
    public void A_plus_ones_occupation_has_openings_when_a_word_shares_its_stem_with_an_open_vacancy(string occupation, bool expected) =>
        Openings.HasOpeningFor(occupation).ShouldBe(expected);

    [Fact]
    public void Best_first_is_the_higher_score_then_the_newer_id()
    {
        var older = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddYears(50));
        var newer = Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddYears(51));
        List<(int, Guid)> items = [(80, older), (95, older), (80, newer)];
        items.Order(MatchScoring.BestFirst).ShouldBe([(95, older), (80, newer), (80, older)]);
    }

    private static int[] Points(MatchScore score) => [.. score.Parts.Select(p => p.Points)];

    private sealed class ScoreComparer : IEqualityComparer<MatchScore>
    {
        public bool Equals(MatchScore? x, MatchScore? y) => x!.Total == y!.Total && x.Parts.SequenceEqual(y.Parts);
        public int GetHashCode(MatchScore obj) => obj.Total;
    }
}
