using Marten;
using Marten.Events.Aggregation;

namespace TalentPool.Vacancies;

/// <summary>
/// A vacancy as its employer, recruiters and admins read it, alone or in a list: who employs, what it says, whether
/// it is open, and the version to send back when updating it.
/// </summary>
public sealed record VacancyView(
    Guid Id,
    EmployerKind EmployerKind,
    Guid EmployerId,
    Guid RegionId,
    VacancyDetails Details,
    VacancyStatus Status,
    VacancyClosure? ClosedAs,
    DateTimeOffset PostedAt,
    DateTimeOffset? ClosedAt)
{
    /// <summary>The stream version: send it back as <c>expectedVersion</c> to update the vacancy.</summary>
    public int Version { get; init; }

    public static Task<VacancyView?> ReadAsync(Guid vacancyId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<VacancyView>(vacancyId, cancellation);
}

/// <summary>
/// Inline: an employer reads and lists its vacancies right after posting or changing one (the change answers with
/// it), so the read model must be current when the write commits; one stream, one document, in the write's transaction.
/// </summary>
public sealed partial class VacancyViewProjection : SingleStreamProjection<VacancyView, Guid>
{
    public static VacancyView Create(VacancyPosted posted) => new(
        posted.VacancyId, posted.EmployerKind, posted.EmployerId, posted.RegionId, posted.Details,
        VacancyStatus.Open, null, posted.PostedAt, null);

    public static VacancyView Apply(VacancyUpdated updated, VacancyView vacancy) => vacancy with { Details = updated.Details };

    public static VacancyView Apply(VacancyClosed closed, VacancyView vacancy) =>
        vacancy with { Status = VacancyStatus.Closed, ClosedAs = closed.Reason, ClosedAt = closed.ClosedAt };
}
