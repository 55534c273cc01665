using Marten;
using Marten.Events.Aggregation;
using TalentPool.Common;
using TalentPool.Vacancies;

namespace TalentPool.Candidates;

/// <summary>
/// A candidate as the vacancy's employer, recruiters and admins follow it through the pipeline: which talent (by id
/// only: the talent's details are in the shared base, under the talent's consent), its stage, and whether and why it
/// was rejected.
/// </summary>
public sealed record CandidateDetails(
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

    public static Task<CandidateDetails?> ReadAsync(Guid candidacyId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<CandidateDetails>(candidacyId, cancellation);
}

/// <summary>
/// Inline: moving or rejecting a candidate answers with the candidate as it now is, and the employer's pipeline
/// list must show it at once; one stream, one small document, written in the write's own transaction.
/// </summary>
public sealed partial class CandidateDetailsProjection : SingleStreamProjection<CandidateDetails, Guid>
{
    public static CandidateDetails Create(CandidateIntroduced introduced) => new(
        introduced.CandidacyId, introduced.VacancyId, introduced.TalentId, introduced.EmployerKind, introduced.EmployerId,
        CandidateStage.Introduced, false, null, introduced.IntroducedAt, introduced.IntroducedAt);

    public static CandidateDetails Apply(CandidateMovedToStage moved, CandidateDetails candidate) =>
        candidate with { Stage = moved.Stage, UpdatedAt = moved.MovedAt };

    public static CandidateDetails Apply(CandidateRejected rejected, CandidateDetails candidate) =>
        candidate with { Rejected = true, RejectionReason = rejected.Reason, UpdatedAt = rejected.RejectedAt };

    public static CandidateDetails Apply(CandidacyTextErased erased, CandidateDetails candidate) =>
        candidate with { RejectionReason = candidate.RejectionReason is null ? null : ErasedText.Value };
}
