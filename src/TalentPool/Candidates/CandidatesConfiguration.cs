using JasperFx.Events.Projections;
using Marten;
using TalentPool.Common;

namespace TalentPool.Candidates;

public static class CandidatesConfiguration
{
    public static void AddCandidates(this StoreOptions options)
    {
        options.Events.MapEventType<CandidateIntroduced>("candidate_introduced.v1");
        options.Events.MapEventType<CandidateMovedToStage>("candidate_moved_to_stage.v2");
        options.Events.MapEventType<CandidateRejected>("candidate_rejected.v2");
        options.Events.MapEventType<CandidacyTextErased>("candidacy_text_erased.v1");

        // The talent's erasure masks the free text members wrote about the talent; the anonymous facts beside it stay.
        // The v1 shape is listed too: a stored v1 event is masked in its own row.
        options.Events.AddMaskingRuleForProtectedInformation<CandidateRejected>(e => e with { Reason = ErasedText.Value });
        options.Events.AddMaskingRuleForProtectedInformation<CandidateRejectedV1>(e => e with { Reason = ErasedText.Value });

        options.Projections.Snapshot<Candidacy>(SnapshotLifecycle.Inline);
        options.Schema.For<Candidacy>().Index(x => x.VacancyId).Index(x => x.TalentId);
        options.Projections.Add<CandidateDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CandidateDetails>().Index(x => x.VacancyId);
    }
}
