using TalentPool.Common;
using TalentPool.Vacancies;

namespace TalentPool.Candidates;

/// <summary>A talent's path through one vacancy's pipeline.</summary>
public sealed record Candidacy(
    Guid Id,
    Guid VacancyId,
    Guid TalentId,
    EmployerKind EmployerKind,
    Guid EmployerId,
    CandidateStage Stage,
    bool Rejected,
    string? RejectionReason,
    DateTimeOffset IntroducedAt,
    DateTimeOffset UpdatedAt)
{
    public int Version { get; init; }

    /// <summary>One candidacy per talent and vacancy: its id follows from the two.</summary>
    public static Guid IdFor(Guid vacancyId, Guid talentId) => DeterministicId.From($"candidacy:{vacancyId}:{talentId}");

    public static Candidacy Create(CandidateIntroduced introduced) => new(
        introduced.CandidacyId, introduced.VacancyId, introduced.TalentId, introduced.EmployerKind, introduced.EmployerId,
        CandidateStage.Introduced, false, null, introduced.IntroducedAt, introduced.IntroducedAt);

    public Candidacy Apply(CandidateMovedToStage moved) => this with { Stage = moved.Stage, UpdatedAt = moved.MovedAt };

    public Candidacy Apply(CandidateRejected rejected) => this with { Rejected = true, RejectionReason = rejected.Reason, UpdatedAt = rejected.RejectedAt };
}
