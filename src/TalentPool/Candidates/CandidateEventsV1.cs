using Marten;
using TalentPool.Common;

namespace TalentPool.Candidates;

// The shapes stored before these events carried the candidacy's employer: read, never written. Each reads as today's
// event with the employer of the candidacy's CandidateIntroduced (Common/StreamKeys.cs).

public sealed record CandidateMovedToStageV1(Guid CandidacyId, CandidateStage Stage, DateTimeOffset MovedAt);

public sealed record CandidateRejectedV1(Guid CandidacyId, string Reason, DateTimeOffset RejectedAt);

public static class CandidateEventsV1
{
    public static void UpcastCandidateEventsV1(this StoreOptions options, StreamKeysLookup keys)
    {
        options.Events.Upcast(new StreamKeysUpcaster<CandidateMovedToStageV1, CandidateMovedToStage>("candidate_moved_to_stage.v1", keys,
            old => old.CandidacyId,
            (old, at) => new CandidateMovedToStage(old.CandidacyId, at.Employer.Kind, at.Employer.Id, old.Stage, old.MovedAt)));
        options.Events.Upcast(new StreamKeysUpcaster<CandidateRejectedV1, CandidateRejected>("candidate_rejected.v1", keys,
            old => old.CandidacyId,
            (old, at) => new CandidateRejected(old.CandidacyId, at.Employer.Kind, at.Employer.Id, old.Reason, old.RejectedAt)));
    }
}
