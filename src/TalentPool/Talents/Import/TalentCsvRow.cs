using System.Globalization;

namespace TalentPool.Talents.Import;

/// <summary>A refused row's reason: its line in the file, the column (as named in the header), the rule and what to fix.</summary>
public sealed record RowError(long Line, string Field, string Rule, string Message);

/// <summary>
/// One CSV row read as the registration the API takes (<see cref="RegisterTalent"/>): a column per field of the request,
/// named as in its JSON (camelCase), lists separated by <c>;</c>, the two consents as <c>true</c>/<c>false</c> columns and the
/// "+1" as <c>accompanyingPartnerOccupation</c> (empty: none). An empty optional cell is the field left out. Reading checks only
/// what a JSON reader would (a number is a number, an enum one of its names); the rules are
/// <see cref="RegisterTalentValidator"/>'s, applied afterwards to the request exactly as the endpoint applies them.
/// </summary>
public static class TalentCsvRow
{
    public const char ListSeparator = ';';

    public static readonly IReadOnlyList<string> RequiredColumns =
    [
        "fullName", "email", "countryOfResidence", "languages", "competenceAreas", "educationLevel", "yearsOfExperience",
        "preferredMunicipalities", "heardAboutUsVia", "shareWithPartners", "shareWithMunicipalities",
    ];

    public static readonly IReadOnlyList<string> OptionalColumns =
        ["phone", "municipalityOfResidence", "accompanyingPartnerOccupation", "heardAboutUsDetails", "about"];

    public static IEnumerable<string> AllColumns => RequiredColumns.Concat(OptionalColumns);

    /// <summary>What is wrong with a header: an unknown, repeated or missing column (the file is refused as a whole).</summary>
    public static IReadOnlyList<string> HeaderProblems(IReadOnlyList<string> header)
    {
        var problems = new List<string>();
        var known = AllColumns.ToHashSet(StringComparer.Ordinal);
        foreach (var column in header.Where(c => !known.Contains(c)))
        {
            problems.Add($"'{column}' is not a column of a talent import. Columns (camelCase, as the API's JSON): {string.Join(", ", AllColumns)}.");
        }
        foreach (var column in header.GroupBy(c => c).Where(g => g.Count() > 1)) problems.Add($"'{column.Key}' is given twice.");
        foreach (var column in RequiredColumns.Where(c => !header.Contains(c))) problems.Add($"The required column '{column}' is missing.");
        return problems;
    }

    /// <summary>The registration the row asks for, or why its cells cannot be one.</summary>
    public static (RegisterTalent? Registration, IReadOnlyList<RowError> Errors) Read(long line, Func<string, string?> cell)
    {
        var errors = new List<RowError>();
        string Required(string column) => cell(column) ?? "";
        string? Optional(string column) => cell(column) is { Length: > 0 } value ? value : null;

        var education = Enum<EducationLevel>("educationLevel");
        var heardVia = Enum<HeardAboutUsChannel>("heardAboutUsVia");
        var years = Integer("yearsOfExperience");
        var sharePartners = Boolean("shareWithPartners");
        var shareMunicipalities = Boolean("shareWithMunicipalities");
        if (errors.Count > 0) return (null, errors);

        var registration = new RegisterTalent(
            Required("fullName"),
            Required("email"),
            Required("countryOfResidence"),
            List("languages"),
            List("competenceAreas"),
            education,
            years,
            List("preferredMunicipalities"),
            heardVia,
            sharePartners,
            shareMunicipalities,
            Optional("phone"),
            Optional("municipalityOfResidence"),
            Optional("accompanyingPartnerOccupation") is { } occupation ? new AccompanyingPartner(occupation) : null,
            Optional("heardAboutUsDetails"),
            Optional("about"));
        return (registration, errors);

        IReadOnlyList<string> List(string column) =>
            cell(column) is { Length: > 0 } value ? value.Split(ListSeparator, StringSplitOptions.TrimEntries) : [];

        TEnum Enum<TEnum>(string column) where TEnum : struct, Enum
        {
            var value = Required(column).Trim();
            // Names only, as the API's JSON: "3" or "master" is not a level.
            if (System.Enum.GetNames<TEnum>().Contains(value, StringComparer.Ordinal)) return System.Enum.Parse<TEnum>(value);
            errors.Add(new RowError(line, column, "OneOf", $"'{column}' must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}."));
            return default;
        }

        int Integer(string column)
        {
            if (int.TryParse(Required(column).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return number;
            errors.Add(new RowError(line, column, "Integer", $"'{column}' must be a whole number."));
            return 0;
        }

        bool Boolean(string column)
        {
            var value = Required(column).Trim();
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            errors.Add(new RowError(line, column, "Boolean", $"'{column}' must be true or false."));
            return false;
        }
    }

    /// <summary>The CSV column of a validator's property path: <c>Languages[1]</c> is the <c>languages</c> column.</summary>
    public static string ColumnOf(string propertyPath)
    {
        if (propertyPath.Equals("accompanyingPartner.occupation", StringComparison.OrdinalIgnoreCase)) return "accompanyingPartnerOccupation";
        var name = propertyPath.Split('[')[0];
        return name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }
}
