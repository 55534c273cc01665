using Marten;
using Marten.Events.Aggregation;
using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Partners;

/// <summary>
/// A partner as the partner and an admin read it: who it is, whether it is a member today and in which tier, and
/// its membership history (<c>terms</c>, and <c>tiers</c> with the headcount and founding commitment of each).
/// <c>isMember</c> and <c>currentTier</c> are worked out when the partner is read, from the stored history and
/// today's date, so they never go stale as time passes.
/// </summary>
public sealed record PartnerDetails(
    Guid Id,
    Guid RegionId,
    string Name,
    string OrganisationNumber,
    bool IsMember,
    PartnerTier? CurrentTier,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<TierFrom> Tiers,
    int Version)
{
    public static PartnerDetails AsOf(PartnerHistory history, DateOnly today)
    {
        var timeline = new MembershipTimeline(history.Terms, history.Tiers);
        var isMember = timeline.IsMemberOn(today);
        return new(history.Id, history.RegionId, history.Name, history.OrganisationNumber,
            isMember, isMember ? timeline.TierFactOn(today).Tier : null, history.Terms, history.Tiers, history.Version);
    }

    public static async Task<PartnerDetails?> ReadAsync(
        Guid partnerId, IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        await session.LoadAsync<PartnerHistory>(partnerId, cancellation) is { } history ? AsOf(history, clock.Today()) : null;
}

/// <summary>The stored read model behind <see cref="PartnerDetails"/>: only dated facts, nothing that depends on today.</summary>
public sealed record PartnerHistory(
    Guid Id,
    Guid RegionId,
    string Name,
    string OrganisationNumber,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<TierFrom> Tiers)
{
    public int Version { get; init; }
}

/// <summary>
/// Inline: every change to a partner answers with the partner as it now is, so the history must be current when
/// the write commits; one stream, one small document, written in the write's own transaction.
/// </summary>
public sealed partial class PartnerHistoryProjection : SingleStreamProjection<PartnerHistory, Guid>
{
    public static PartnerHistory Create(PartnerJoined joined)
    {
        var timeline = MembershipTimeline.Of(joined);
        return new(joined.PartnerId, joined.RegionId, joined.Name, joined.OrganisationNumber, timeline.Terms, timeline.Tiers);
    }

    public static PartnerHistory Apply(PartnerTierChanged changed, PartnerHistory history) =>
        With(history, Timeline(history).Apply(changed));

    public static PartnerHistory Apply(PartnerTierCorrected corrected, PartnerHistory history) =>
        With(history, Timeline(history).Apply(corrected));

    public static PartnerHistory Apply(PartnerMembershipCancelled cancelled, PartnerHistory history) =>
        With(history, Timeline(history).Apply(cancelled));

    public static PartnerHistory Apply(PartnerRejoined rejoined, PartnerHistory history) =>
        With(history, Timeline(history).Apply(rejoined));

    private static MembershipTimeline Timeline(PartnerHistory history) => new(history.Terms, history.Tiers);

    private static PartnerHistory With(PartnerHistory history, MembershipTimeline timeline) =>
        history with { Terms = timeline.Terms, Tiers = timeline.Tiers };
}
