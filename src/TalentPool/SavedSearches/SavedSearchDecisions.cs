using TalentPool.Common;
using TalentPool.Vacancies;

namespace TalentPool.SavedSearches;

/// <summary>The rules of a member's saved searches: pure, state and command in, events out (or a refusal).</summary>
public static class SavedSearchDecisions
{
    /// <summary>Enough for a member's open roles, few enough that one talent's change matches a bounded number of searches per member.</summary>
    public const int MaxPerMember = 25;

    public static SavedSearchCreated Create(SaveSearch command, EmployerKind memberKind, Guid memberId, int searchesOfMember, DateTimeOffset now)
    {
        if (searchesOfMember >= MaxPerMember)
            throw new RuleViolation($"A member has at most {MaxPerMember} saved searches: delete one first.");
        var filters = new SavedSearchFilters(
            Trimmed(command.CompetenceArea), Trimmed(command.Language)?.ToLowerInvariant(), Trimmed(command.Country)?.ToUpperInvariant(),
            Trimmed(command.PreferredMunicipality), command.EducationLevel, command.MinYearsOfExperience, command.HasAccompanyingPartner,
            command.RegisteredSince, Trimmed(command.Search));
        return new SavedSearchCreated(Guid.CreateVersion7(), memberKind, memberId, command.Name.Trim(), filters, now);
    }

    public static SavedSearchDeleted Delete(SavedSearch search, DateTimeOffset now) => new(search.Id, search.MemberId, now);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
