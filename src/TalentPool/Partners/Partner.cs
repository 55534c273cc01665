using TalentPool.Regions;

namespace TalentPool.Partners;

/// <summary>A day range [From, Until): Until is the first day outside it, null while open.</summary>
public sealed record Term(DateOnly From, DateOnly? Until)
{
    public bool Contains(DateOnly day) => From <= day && (Until is null || day < Until);
}

/// <summary>A tier in force from a day on.</summary>
public sealed record TierFrom(DateOnly From, PartnerTier Tier);

/// <summary>A partner company and its membership history, built only from its events.</summary>
public sealed record Partner(
    Guid Id,
    Guid RegionId,
    string Name,
    string OrganisationNumber,
    int EmployeeCount,
    IReadOnlyList<Term> Terms,
    IReadOnlyList<TierFrom> Tiers,
    DateOnly? CommittedUntil)
{
    public int Version { get; init; }

    public bool IsMember => Terms.Count > 0 && Terms[^1].Until is null;

    public PartnerTier CurrentTier => Tiers[^1].Tier;

    public bool IsMemberOn(DateOnly day) => Terms.Any(t => t.Contains(day));

    public PartnerTier TierOn(DateOnly day) => Tiers.LastOrDefault(t => t.From <= day)?.Tier ?? Tiers[0].Tier;

    public static Partner Create(PartnerJoined joined) => new(
        joined.PartnerId, joined.RegionId, joined.Name, joined.OrganisationNumber, joined.EmployeeCount,
        [new Term(joined.JoinedOn, null)], [new TierFrom(joined.JoinedOn, joined.Tier)], joined.CommittedUntil);

    public Partner Apply(PartnerTierChanged changed) => this with
    {
        EmployeeCount = changed.EmployeeCount,
        Tiers = [.. Tiers.Where(t => t.From < changed.EffectiveOn), new TierFrom(changed.EffectiveOn, changed.Tier)],
        CommittedUntil = changed.CommittedUntil,
    };

    public Partner Apply(PartnerMembershipCancelled cancelled) => this with
    {
        Terms = [.. Terms.Take(Terms.Count - 1), Terms[^1] with { Until = cancelled.EffectiveOn }],
    };

    public Partner Apply(PartnerRejoined rejoined) => this with
    {
        EmployeeCount = rejoined.EmployeeCount,
        Terms = [.. Terms, new Term(rejoined.RejoinedOn, null)],
        Tiers = [.. Tiers.Where(t => t.From < rejoined.RejoinedOn), new TierFrom(rejoined.RejoinedOn, rejoined.Tier)],
        CommittedUntil = rejoined.CommittedUntil,
    };
}
