using Marten;
using TalentPool.Common;

namespace TalentPool.Vacancies;

// The shapes stored before these events carried the vacancy's employer: read, never written. Each reads as today's
// event with the employer of the vacancy's VacancyPosted (Common/StreamKeys.cs).

public sealed record VacancyUpdatedV1(Guid VacancyId, VacancyDetails Details, DateTimeOffset UpdatedAt);

public sealed record VacancyClosedV1(Guid VacancyId, VacancyClosure Reason, DateTimeOffset ClosedAt);

public static class VacancyEventsV1
{
    public static void UpcastVacancyEventsV1(this StoreOptions options, StreamKeysLookup keys)
    {
        options.Events.Upcast(new StreamKeysUpcaster<VacancyUpdatedV1, VacancyUpdated>("vacancy_updated.v1", keys,
            old => old.VacancyId,
            (old, at) => new VacancyUpdated(old.VacancyId, at.Employer.Kind, at.Employer.Id, old.Details, old.UpdatedAt)));
        options.Events.Upcast(new StreamKeysUpcaster<VacancyClosedV1, VacancyClosed>("vacancy_closed.v1", keys,
            old => old.VacancyId,
            (old, at) => new VacancyClosed(old.VacancyId, at.Employer.Kind, at.Employer.Id, old.Reason, old.ClosedAt)));
    }
}
