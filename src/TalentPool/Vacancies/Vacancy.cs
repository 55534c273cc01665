namespace TalentPool.Vacancies;

public enum VacancyStatus { Open, Closed }

/// <summary>
/// The state a vacancy's decisions are taken on (who employs, whether it is open), built only from its events.
/// Not an answer of the API: readers get <see cref="VacancyView"/>, which also holds what the vacancy says.
/// </summary>
public sealed record Vacancy(
    Guid Id,
    EmployerKind EmployerKind,
    Guid EmployerId,
    Guid RegionId,
    VacancyStatus Status,
    VacancyClosure? ClosedAs)
{
    public int Version { get; init; }

    public static Vacancy Create(VacancyPosted posted) =>
        new(posted.VacancyId, posted.EmployerKind, posted.EmployerId, posted.RegionId, VacancyStatus.Open, null);

    // What the vacancy says is no decision's business, but the update is a version the next one must name: the
    // snapshot only follows the events it applies.
    public Vacancy Apply(VacancyUpdated updated) => this;

    public Vacancy Apply(VacancyClosed closed) => this with { Status = VacancyStatus.Closed, ClosedAs = closed.Reason };
}
