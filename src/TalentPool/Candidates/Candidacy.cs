using TalentPool.Common;
using TalentPool.Vacancies;

namespace TalentPool.Candidates;

/// <summary>
/// The state a candidacy's decisions are taken on: whose pipeline it is in, its stage, whether it was rejected. Built
/// only from its events. Not an answer of the API: readers get <see cref="CandidateDetails"/>.
/// </summary>
public sealed record Candidacy(
    Guid Id,
    Guid VacancyId,
    Guid TalentId,
    EmployerKind EmployerKind,
    Guid EmployerId,
    CandidateStage Stage,
    bool Rejected)
{
    public int Version { get; init; }

    /// <summary>The talent was erased: free text written about the candidate from now on is stored masked.</summary>
    public bool TalentErased { get; init; }

    /// <summary>One candidacy per talent and vacancy: its id follows from the two.</summary>
    public static Guid IdFor(Guid vacancyId, Guid talentId) => DeterministicId.From($"candidacy:{vacancyId}:{talentId}");

    public static Candidacy Create(CandidateIntroduced introduced) => new(
        introduced.CandidacyId, introduced.VacancyId, introduced.TalentId, introduced.EmployerKind, introduced.EmployerId,
        CandidateStage.Introduced, false);

    public Candidacy Apply(CandidateMovedToStage moved) => this with { Stage = moved.Stage };

    public Candidacy Apply(CandidateRejected rejected) => this with { Rejected = true };

    public Candidacy Apply(CandidacyTextErased erased) => this with { TalentErased = true };
}
