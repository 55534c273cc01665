using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Candidates;

public static class CandidatesConfiguration
{
    public static void AddCandidates(this StoreOptions options)
    {
        options.Events.MapEventType<CandidateIntroduced>("candidate_introduced.v1");
        options.Events.MapEventType<CandidateMovedToStage>("candidate_moved_to_stage.v2");
        options.Events.MapEventType<CandidateRejected>("candidate_rejected.v2");

        options.Projections.Snapshot<Candidacy>(SnapshotLifecycle.Inline);
        options.Schema.For<Candidacy>().Index(x => x.VacancyId).Index(x => x.TalentId);
        options.Projections.Add<CandidateDetailsProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CandidateDetails>().Index(x => x.VacancyId);
    }
}
