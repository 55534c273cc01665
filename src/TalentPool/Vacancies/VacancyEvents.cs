namespace TalentPool.Vacancies;

/// <summary>Vacancies are posted by partner companies, or by a municipality as employer.</summary>
public enum EmployerKind { Partner, Municipality }

public enum VacancyClosure { Filled, Withdrawn, Expired }

/// <summary>
/// What a vacancy asks for. <c>MinimumEducationLevel</c> and <c>MinimumYearsOfExperience</c> were added for matching
/// (optional: left out, or in events stored before them, they read as null, "no requirement"); the language requirements
/// were there from the start.
/// </summary>
public sealed record VacancyDetails(
    string Title,
    string Description,
    string CompetenceArea,
    string MunicipalityNumber,
    int Positions,
    DateOnly Deadline,
    IReadOnlyList<string> LanguageRequirements,
    Talents.EducationLevel? MinimumEducationLevel = null,
    int? MinimumYearsOfExperience = null);

public sealed record VacancyPosted(Guid VacancyId, EmployerKind EmployerKind, Guid EmployerId, Guid RegionId, VacancyDetails Details, DateTimeOffset PostedAt);

// The events after VacancyPosted carry the vacancy's employer (v2), so a projection over an employer needs no lookup.

public sealed record VacancyUpdated(Guid VacancyId, EmployerKind EmployerKind, Guid EmployerId, VacancyDetails Details, DateTimeOffset UpdatedAt);

public sealed record VacancyClosed(Guid VacancyId, EmployerKind EmployerKind, Guid EmployerId, VacancyClosure Reason, DateTimeOffset ClosedAt);
