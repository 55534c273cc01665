using JasperFx.Events.Projections;
using Marten;

namespace TalentPool.Vacancies;

public static class VacanciesConfiguration
{
    public static void AddVacancies(this StoreOptions options)
    {
        options.Events.MapEventType<VacancyPosted>("vacancy_posted.v1");
        options.Events.MapEventType<VacancyUpdated>("vacancy_updated.v2");
        options.Events.MapEventType<VacancyClosed>("vacancy_closed.v2");

        options.Projections.Snapshot<Vacancy>(SnapshotLifecycle.Inline);
        options.Projections.Add<VacancyViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<VacancyView>().Index(x => x.EmployerId).Index(x => x.Status);
    }
}
