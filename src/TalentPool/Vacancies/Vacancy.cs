namespace TalentPool.Vacancies;

public enum VacancyStatus { Open, Closed }

/// <summary>A vacancy as its employer, recruiters and lists read it, built only from its events.</summary>
public sealed record Vacancy(
    Guid Id,
    EmployerKind EmployerKind,
    Guid EmployerId,
    Guid RegionId,
    VacancyDetails Details,
    VacancyStatus Status,
    VacancyClosure? ClosedAs,
    DateTimeOffset PostedAt,
    DateTimeOffset? ClosedAt)
{
    public int Version { get; init; }

    public static Vacancy Create(VacancyPosted posted) => new(
        posted.VacancyId, posted.EmployerKind, posted.EmployerId, posted.RegionId, posted.Details, VacancyStatus.Open, null, posted.PostedAt, null);

    public Vacancy Apply(VacancyUpdated updated) => this with { Details = updated.Details };

    public Vacancy Apply(VacancyClosed closed) => this with { Status = VacancyStatus.Closed, ClosedAs = closed.Reason, ClosedAt = closed.ClosedAt };
}
