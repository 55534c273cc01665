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
        // A stored v1 event is read upcast, masked in today's shape and written back into its own row under its v1 name:
        // the row then holds the v1 fields plus the keys the upcaster added, which reading it as v1 ignores (StoredV1EventsTests).
        options.Events.AddMaskingRuleForProtectedInformation<CandidateRejected>(e => e with { Reason = ErasedText.Value });

        options.Projections.Snapshot<Candidacy>(SnapshotLifecycle.Inline);
        options.Schema.For<Candidacy>().Index(x => x.VacancyId).Index(x => x.TalentId);
        options.Projections.Add<CandidateDetailsProjection>(ProjectionLifecycle.Inline);
        // Matching reads an employer's rejections and a talent's candidacies (Matching/).
        options.Schema.For<CandidateDetails>().Index(x => x.VacancyId).Index(x => x.EmployerId).Index(x => x.TalentId);
    }
}
