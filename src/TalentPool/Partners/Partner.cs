using System.Text.Json.Serialization;
using TalentPool.Regions;

namespace TalentPool.Partners;

/// <summary>A day range [From, Until): Until is the first day outside it, null while open.</summary>
public sealed record Term(DateOnly From, DateOnly? Until)
{
    public bool Contains(DateOnly day) => From <= day && (Until is null || day < Until);

    /// <summary>Over by <paramref name="today"/>. A term whose end is dated later still runs: the member is one until that day.</summary>
    public bool HasEndedBy(DateOnly today) => Until is { } until && until <= today;
}

/// <summary>A tier in force from a day on: the headcount it was set for and, for a founding tier, when its commitment ends.</summary>
public sealed record TierFrom(DateOnly From, PartnerTier Tier, int EmployeeCount, DateOnly? CommittedUntil);

/// <summary>
/// The state a partner's decisions are taken on (and its organisation number kept unique per region), built only
/// from its events; billing reads it too. Not an answer of the API: readers get <see cref="PartnerDetails"/>.
/// </summary>
public sealed record Partner(
    Guid Id,
    Guid RegionId,
    string Name,
    string OrganisationNumber,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<TierFrom> Tiers)
{
    public int Version { get; init; }

    /// <summary>What makes two registrations one company: the organisation number's letters and digits (unique per region).</summary>
    [JsonIgnore]
    public string OrganisationNumberKey => OrganisationNumbers.Key(OrganisationNumber);

    public bool IsMemberOn(DateOnly day) => Terms.Any(t => t.Contains(day));

    /// <summary>The membership that a day falls in or follows: the last one begun by then.</summary>
    public Term? TermOf(DateOnly day) => Terms.LastOrDefault(t => t.From <= day);

    public TierFrom TierFactOn(DateOnly day) => Tiers.LastOrDefault(t => t.From <= day) ?? Tiers[0];

    public PartnerTier TierOn(DateOnly day) => TierFactOn(day).Tier;

    public static Partner Create(PartnerJoined joined)
    {
        var timeline = MembershipTimeline.Of(joined);
        return new(joined.PartnerId, joined.RegionId, joined.Name, joined.OrganisationNumber, timeline.Terms, timeline.Tiers);
    }

    public Partner Apply(PartnerTierChanged changed) => With(Timeline.Apply(changed));

    public Partner Apply(PartnerTierCorrected corrected) => With(Timeline.Apply(corrected));

    public Partner Apply(PartnerMembershipCancelled cancelled) => With(Timeline.Apply(cancelled));

    public Partner Apply(PartnerRejoined rejoined) => With(Timeline.Apply(rejoined));

    public Partner WithTier(TierFrom fact) => With(Timeline.WithTier(fact));

    private MembershipTimeline Timeline => new(Terms, Tiers);

    private Partner With(MembershipTimeline timeline) => this with { Terms = timeline.Terms, Tiers = timeline.Tiers };
}

/// <summary>
/// A partner's memberships and tiers as its events tell them: one rule for the write state and for the
/// partner's read model. Tiers is ordered by day.
/// </summary>
public sealed record MembershipTimeline(IReadOnlyList<Term> Terms, IReadOnlyList<TierFrom> Tiers)
{
    public static MembershipTimeline Of(PartnerJoined joined) => new(
        [new Term(joined.JoinedOn, null)],
        [new TierFrom(joined.JoinedOn, joined.Tier, joined.EmployeeCount, joined.CommittedUntil)]);

    // A dated fact takes its place in the timeline and leaves later facts alone; a second fact for the
    // same day (a correction, or a stored duplicate from before duplicates were refused) replaces the first.
    public MembershipTimeline Apply(PartnerTierChanged changed) =>
        WithTier(new TierFrom(changed.EffectiveOn, changed.Tier, changed.EmployeeCount, changed.CommittedUntil));

    public MembershipTimeline Apply(PartnerTierCorrected corrected) =>
        WithTier(new TierFrom(corrected.EffectiveOn, corrected.Tier, corrected.EmployeeCount, corrected.CommittedUntil));

    public MembershipTimeline Apply(PartnerMembershipCancelled cancelled) => this with
    {
        Terms = [.. Terms.Take(Terms.Count - 1), Terms[^1] with { Until = cancelled.EffectiveOn }],
    };

    // Tier facts dated on or after the day the last membership ended never took effect; the rejoin sets the tier afresh.
    public MembershipTimeline Apply(PartnerRejoined rejoined) => this with
    {
        Terms = [.. Terms, new Term(rejoined.RejoinedOn, null)],
        Tiers = [.. Tiers.Where(t => t.From < (Terms[^1].Until ?? rejoined.RejoinedOn)),
            new TierFrom(rejoined.RejoinedOn, rejoined.Tier, rejoined.EmployeeCount, rejoined.CommittedUntil)],
    };

    public MembershipTimeline WithTier(TierFrom fact) =>
        this with { Tiers = [.. Tiers.Where(t => t.From != fact.From).Append(fact).OrderBy(t => t.From)] };

    public bool IsMemberOn(DateOnly day) => Terms.Any(t => t.Contains(day));

    public TierFrom TierFactOn(DateOnly day) => Tiers.LastOrDefault(t => t.From <= day) ?? Tiers[0];
}

public static class OrganisationNumbers
{
    /// <summary>"556125-6063", "556125 6063" and "5561256063" are one number: letters and digits only, upper case.</summary>
    public static string Key(string organisationNumber) =>
        string.Concat(organisationNumber.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}
