using TalentPool.Vacancies;

namespace TalentPool.Candidates;

public enum CandidateStage { Introduced, Screening, Interview, Offer, Accepted }

public sealed record CandidateIntroduced(Guid CandidacyId, Guid VacancyId, Guid TalentId, EmployerKind EmployerKind, Guid EmployerId, DateTimeOffset IntroducedAt);

// The events after CandidateIntroduced carry the candidacy's employer (v2), so a projection over an employer needs no lookup.

public sealed record CandidateMovedToStage(Guid CandidacyId, EmployerKind EmployerKind, Guid EmployerId, CandidateStage Stage, DateTimeOffset MovedAt);

/// <summary>Rejected for this vacancy only: the talent stays in the shared base for every other member.</summary>
public sealed record CandidateRejected(Guid CandidacyId, EmployerKind EmployerKind, Guid EmployerId, string Reason, DateTimeOffset RejectedAt);

/// <summary>
/// The talent was erased: the free text members wrote about the candidate (the rejection reason) is masked in the
/// stored events, and the read models forget it. The anonymous facts (stage, rejected or not, dates) stay. A reason
/// written after this fact is stored masked (<see cref="CandidateDecisions.Reject"/>).
/// </summary>
public sealed record CandidacyTextErased(Guid CandidacyId, EmployerKind EmployerKind, Guid EmployerId, DateTimeOffset ErasedAt);
