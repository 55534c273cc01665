using Marten;
using Marten.Events.Aggregation;
using TalentPool.Common;
using TalentPool.Partners;

namespace TalentPool.Municipalities;

/// <summary>
/// A municipality as the municipality and an admin read it: whether it is a member today, its population and
/// licence payer in force today, and the dated history of each. The "today" fields are worked out when the
/// municipality is read, from the stored history, so they never go stale as time passes.
/// </summary>
public sealed record MunicipalityDetails(
    Guid Id,
    string Number,
    string Name,
    Guid RegionId,
    bool IsMember,
    int Population,
    LicencePayer PaidBy,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<PopulationFrom> Populations,
    IReadOnlyList<PayerFrom> Payers,
    int Version)
{
    public static MunicipalityDetails AsOf(MunicipalityHistory history, DateOnly today)
    {
        var timeline = new MunicipalityTimeline(history.Terms, history.Populations, history.Payers);
        return new(history.Id, history.Number, history.Name, history.RegionId, timeline.IsMemberOn(today),
            timeline.PopulationOn(today).Population, timeline.PayerOn(today),
            history.Terms, history.Populations, history.Payers, history.Version);
    }

    public static async Task<MunicipalityDetails?> ReadAsync(
        Guid municipalityId, IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        await session.LoadAsync<MunicipalityHistory>(municipalityId, cancellation) is { } history ? AsOf(history, clock.Today()) : null;
}

/// <summary>The stored read model behind <see cref="MunicipalityDetails"/>: only dated facts, nothing that depends on today.</summary>
public sealed record MunicipalityHistory(
    Guid Id,
    string Number,
    string Name,
    Guid RegionId,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<PopulationFrom> Populations,
    IReadOnlyList<PayerFrom> Payers)
{
    public int Version { get; init; }
}

/// <summary>
/// Inline: every change to a municipality answers with the municipality as it now is, so the history must be
/// current when the write commits; one stream, one small document, written in the write's own transaction.
/// </summary>
public sealed partial class MunicipalityHistoryProjection : SingleStreamProjection<MunicipalityHistory, Guid>
{
    public static MunicipalityHistory Create(MunicipalityJoined joined)
    {
        var timeline = MunicipalityTimeline.Of(joined);
        return new(
            joined.MunicipalityId, joined.Number, joined.Name, joined.RegionId, timeline.Terms, timeline.Populations, timeline.Payers);
    }

    public static MunicipalityHistory Apply(MunicipalityPopulationUpdated updated, MunicipalityHistory history) =>
        With(history, Timeline(history).Apply(updated));

    public static MunicipalityHistory Apply(MunicipalityPopulationCorrected corrected, MunicipalityHistory history) =>
        With(history, Timeline(history).Apply(corrected));

    public static MunicipalityHistory Apply(MunicipalityPayerChanged changed, MunicipalityHistory history) =>
        With(history, Timeline(history).Apply(changed));

    public static MunicipalityHistory Apply(MunicipalityPayerCorrected corrected, MunicipalityHistory history) =>
        With(history, Timeline(history).Apply(corrected));

    public static MunicipalityHistory Apply(MunicipalityLeft left, MunicipalityHistory history) =>
        With(history, Timeline(history).Apply(left));

    public static MunicipalityHistory Apply(MunicipalityRejoined rejoined, MunicipalityHistory history) =>
        With(history, Timeline(history).Apply(rejoined));

    private static MunicipalityTimeline Timeline(MunicipalityHistory history) => new(history.Terms, history.Populations, history.Payers);

    private static MunicipalityHistory With(MunicipalityHistory history, MunicipalityTimeline timeline) =>
        history with { Terms = timeline.Terms, Populations = timeline.Populations, Payers = timeline.Payers };
}
