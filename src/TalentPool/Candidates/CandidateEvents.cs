using TalentPool.Vacancies;

namespace TalentPool.Candidates;

public enum CandidateStage { Introduced, Screening, Interview, Offer, Accepted }

public sealed record CandidateIntroduced(Guid CandidacyId, Guid VacancyId, Guid TalentId, EmployerKind EmployerKind, Guid EmployerId, DateTimeOffset IntroducedAt);

public sealed record CandidateMovedToStage(Guid CandidacyId, CandidateStage Stage, DateTimeOffset MovedAt);

/// <summary>Rejected for this vacancy only: the talent stays in the shared base for every other member.</summary>
public sealed record CandidateRejected(Guid CandidacyId, string Reason, DateTimeOffset RejectedAt);
