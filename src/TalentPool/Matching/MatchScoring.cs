using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Matching;

/// <summary>The factors a match is scored on, each one part of the score.</summary>
public enum MatchFactor { CompetenceArea, Languages, PreferredMunicipality, WillingToRelocate, Education, Experience, AccompanyingPartner }

/// <summary>One part of a score: the points given for one factor, out of the most it can give, and why.</summary>
public sealed record ScorePart(MatchFactor Factor, int Points, int MaxPoints, string Reason);

/// <summary>A match's score (0–100): the sum of its parts, every factor listed, in the order of <see cref="MatchFactor"/>.</summary>
public sealed record MatchScore(int Total, IReadOnlyList<ScorePart> Parts);

/// <summary>What a vacancy asks for, as matching reads it.</summary>
public sealed record MatchRequirements(
    string CompetenceArea,
    IReadOnlyList<string> Languages,
    string MunicipalityNumber,
    EducationLevel? MinimumEducationLevel,
    int? MinimumYearsOfExperience)
{
    public static MatchRequirements Of(VacancyDetails details) => new(
        details.CompetenceArea, details.LanguageRequirements, details.MunicipalityNumber,
        details.MinimumEducationLevel, details.MinimumYearsOfExperience);
}

/// <summary>
/// How well a talent fits a vacancy, as points per factor: the one place the weights live. Pure (no I/O): the
/// endpoints pick the talents or vacancies to score (<see cref="MatchCandidates"/>), this decides their order.
/// </summary>
/// <remarks>
/// Inputs are only the profile the talent shared and what the vacancy asks: competence areas, languages, preferred
/// municipalities, willingness to relocate, education level, years of experience and the "+1"'s occupation. Never the
/// talent's name, contact details, country of residence, municipality of residence, or anything about age, gender or origin
/// (the profile holds none of those but the country, which is left out on purpose: where someone lives now is too close to
/// origin). A talent who said nothing about relocating counts as not willing; a "+1" without openings costs nothing, so a
/// family is never ranked below a single talent for it, only above when the "+1" has work waiting.
/// </remarks>
public static class MatchScoring
{
    public const int CompetenceAreaPoints = 25;
    public const int LanguagePoints = 20;
    public const int PreferredMunicipalityPoints = 20;
    /// <summary>Given only when the vacancy's municipality is not among the preferred ones: the two never add up.</summary>
    public const int RelocationPoints = 10;
    public const int EducationPoints = 15;
    /// <summary>Given when the education is one level below the minimum.</summary>
    public const int EducationOneLevelBelowPoints = 7;
    public const int ExperiencePoints = 15;
    public const int AccompanyingPartnerPoints = 5;

    public const int MaxScore = CompetenceAreaPoints + LanguagePoints + PreferredMunicipalityPoints + EducationPoints
        + ExperiencePoints + AccompanyingPartnerPoints;

    /// <summary>The score of one talent's profile for one vacancy.</summary>
    /// <param name="openings">The region's other open vacancies, for the "+1"'s occupation (<see cref="OccupationOpenings"/>).</param>
    public static MatchScore Score(MatchRequirements vacancy, TalentProfile talent, OccupationOpenings openings)
    {
        var prefers = talent.PreferredMunicipalities.Contains(vacancy.MunicipalityNumber, StringComparer.Ordinal);
        ScorePart[] parts =
        [
            CompetenceArea(vacancy, talent),
            Languages(vacancy, talent),
            new(MatchFactor.PreferredMunicipality, prefers ? PreferredMunicipalityPoints : 0, PreferredMunicipalityPoints,
                prefers ? $"Prefers to live in {vacancy.MunicipalityNumber}, where the job is." : $"Does not list {vacancy.MunicipalityNumber} among the preferred municipalities."),
            Relocation(vacancy, talent, prefers),
            Education(vacancy, talent),
            Experience(vacancy, talent),
            AccompanyingPartner(talent, openings),
        ];
        return new MatchScore(parts.Sum(p => p.Points), parts);
    }

    /// <summary>Best first: the higher score, then the newer talent or vacancy (ids are time-ordered) — a total order.</summary>
    public static IComparer<(int Score, Guid Id)> BestFirst { get; } = Comparer<(int Score, Guid Id)>.Create((a, b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id));

    private static ScorePart CompetenceArea(MatchRequirements vacancy, TalentProfile talent) =>
        talent.CompetenceAreas.Contains(vacancy.CompetenceArea, StringComparer.OrdinalIgnoreCase)
            ? new(MatchFactor.CompetenceArea, CompetenceAreaPoints, CompetenceAreaPoints, $"Works in {vacancy.CompetenceArea}.")
            : new(MatchFactor.CompetenceArea, 0, CompetenceAreaPoints, $"Does not work in {vacancy.CompetenceArea}.");

    /// <summary>Points in proportion to the required languages spoken (rounded down); all of them when none is required.</summary>
    private static ScorePart Languages(MatchRequirements vacancy, TalentProfile talent)
    {
        if (vacancy.Languages.Count == 0) return new(MatchFactor.Languages, LanguagePoints, LanguagePoints, "No language is required.");
        var spoken = vacancy.Languages.Where(l => talent.Languages.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList();
        var missing = vacancy.Languages.Except(spoken, StringComparer.OrdinalIgnoreCase).ToList();
        var points = LanguagePoints * spoken.Count / vacancy.Languages.Count;
        var reason = $"Speaks {spoken.Count} of the {vacancy.Languages.Count} required languages"
            + (missing.Count == 0 ? "." : $"; not {string.Join(", ", missing)}.");
        return new(MatchFactor.Languages, points, LanguagePoints, reason);
    }

    private static ScorePart Relocation(MatchRequirements vacancy, TalentProfile talent, bool prefersTheMunicipality) =>
        prefersTheMunicipality
            ? new(MatchFactor.WillingToRelocate, 0, RelocationPoints, "Not needed: the job is in a preferred municipality.")
            : talent.WillingToRelocate == true
                ? new(MatchFactor.WillingToRelocate, RelocationPoints, RelocationPoints, $"Willing to relocate to {vacancy.MunicipalityNumber}.")
                : new(MatchFactor.WillingToRelocate, 0, RelocationPoints, "Has not said they would relocate.");

    private static ScorePart Education(MatchRequirements vacancy, TalentProfile talent) => vacancy.MinimumEducationLevel switch
    {
        null => new(MatchFactor.Education, EducationPoints, EducationPoints, "No education level is required."),
        { } minimum when talent.EducationLevel >= minimum =>
            new(MatchFactor.Education, EducationPoints, EducationPoints, $"{talent.EducationLevel} meets the minimum ({minimum})."),
        { } minimum when talent.EducationLevel + 1 == minimum =>
            new(MatchFactor.Education, EducationOneLevelBelowPoints, EducationPoints, $"{talent.EducationLevel} is one level below the minimum ({minimum})."),
        { } minimum => new(MatchFactor.Education, 0, EducationPoints, $"{talent.EducationLevel} is below the minimum ({minimum})."),
    };

    /// <summary>Full points from the minimum on, in proportion below it (rounded down).</summary>
    private static ScorePart Experience(MatchRequirements vacancy, TalentProfile talent) => vacancy.MinimumYearsOfExperience switch
    {
        null or 0 => new(MatchFactor.Experience, ExperiencePoints, ExperiencePoints, "No experience is required."),
        { } minimum when talent.YearsOfExperience >= minimum =>
            new(MatchFactor.Experience, ExperiencePoints, ExperiencePoints, $"{talent.YearsOfExperience} years meet the minimum ({minimum})."),
        { } minimum => new(MatchFactor.Experience, ExperiencePoints * talent.YearsOfExperience / minimum, ExperiencePoints,
            $"{talent.YearsOfExperience} of the {minimum} years required."),
    };

    private static ScorePart AccompanyingPartner(TalentProfile talent, OccupationOpenings openings) => talent.AccompanyingPartner switch
    {
        null => new(MatchFactor.AccompanyingPartner, 0, AccompanyingPartnerPoints, "No \"+1\" to find work for."),
        { } plusOne when openings.HasOpeningFor(plusOne.Occupation) =>
            new(MatchFactor.AccompanyingPartner, AccompanyingPartnerPoints, AccompanyingPartnerPoints, "The \"+1\"'s occupation has openings in the region."),
        _ => new(MatchFactor.AccompanyingPartner, 0, AccompanyingPartnerPoints, "The \"+1\"'s occupation has no openings in the region now."),
    };
}

/// <summary>
/// The region's open vacancies as a "+1"'s occupation is looked up in them: the words of their competence areas and titles.
/// An occupation has openings when one of its words and one of theirs share a stem: the same first letters, at least
/// four and at least 60 % of the shorter word ("Nurse" ~ "Nursing", "Teacher" ~ "Teaching", "Electrician" ~
/// "Electrical engineering"; not "Process" ~ "Production"). A heuristic on purpose: occupations are free text.
/// </summary>
public sealed class OccupationOpenings
{
    private const int ShortestStem = 4;
    private readonly string[] words;

    public OccupationOpenings(IEnumerable<string> competenceAreasAndTitles) =>
        words = [.. competenceAreasAndTitles.SelectMany(Words).Distinct(StringComparer.Ordinal)];

    public static OccupationOpenings None { get; } = new([]);

    public bool HasOpeningFor(string occupation) => Words(occupation).Any(word => words.Any(opening => SameStem(word, opening)));

    private static IEnumerable<string> Words(string text) =>
        text.Split([' ', ',', '-', '/', '(', ')', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= ShortestStem).Select(w => w.ToLowerInvariant());

    private static bool SameStem(string a, string b)
    {
        var common = 0;
        while (common < a.Length && common < b.Length && a[common] == b[common]) common++;
        return common >= ShortestStem && common * 10 >= Math.Min(a.Length, b.Length) * 6;
    }
}
