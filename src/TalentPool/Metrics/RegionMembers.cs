using JasperFx.Events;
using Marten.Events.Projections;
using TalentPool.Municipalities;
using TalentPool.Partners;

namespace TalentPool.Metrics;

public enum MemberKind { Partner, Municipality }

/// <summary>One member's memberships: each a day range [From, Until), Until the first day it is no longer a member.</summary>
public sealed record MemberTerms(Guid MemberId, MemberKind Kind, IReadOnlyList<Term> Terms)
{
    public bool IsMemberOn(DateOnly day) => Terms.Any(t => t.Contains(day));
}

/// <summary>
/// A region's members and their membership dates, for member churn: one document per region, with each partner's and
/// municipality's kind and terms and nothing else (no name, tier, population or payer). An ending dated later (a
/// cancellation that takes effect in some months) is held as its date: the member stays one on the days before it.
/// </summary>
public sealed record RegionMembers(Guid Id, IReadOnlyList<MemberTerms> Members)
{
    public static RegionMembers Empty(Guid regionId) => new(regionId, []);

    public RegionMembers Joined(Guid memberId, MemberKind kind, DateOnly on) =>
        this with { Members = [.. Members.Where(m => m.MemberId != memberId), new MemberTerms(memberId, kind, [new Term(on, null)])] };

    public RegionMembers Ended(Guid memberId, DateOnly firstDayOutside) => WithTerms(memberId, terms =>
        [.. terms.Take(terms.Count - 1), terms[^1] with { Until = firstDayOutside }]);

    public RegionMembers Rejoined(Guid memberId, DateOnly on) => WithTerms(memberId, terms => [.. terms, new Term(on, null)]);

    // Events of a member this document has not seen (never the case when its stream starts with its join) change nothing.
    private RegionMembers WithTerms(Guid memberId, Func<IReadOnlyList<Term>, IReadOnlyList<Term>> change) => this with
    {
        Members = [.. Members.Select(m => m.MemberId == memberId && m.Terms.Count > 0 ? m with { Terms = change(m.Terms) } : m)],
    };
}

/// <summary>
/// Async, run by the daemon: it groups the streams of every partner and municipality of a region into one document,
/// so inline, every join, cancellation or departure in a region would write the same row inside its own commit and
/// contend with the others; member churn is a monthly figure that may lag a moment (its answer carries its
/// freshness, and a reader may wait for its own writes). Membership dates have no correction events (only tiers,
/// populations and payers are corrected); a join, an ending and a rejoin are each recorded once, as here.
/// </summary>
public sealed class RegionMembersProjection : MultiStreamProjection<RegionMembers, Guid>
{
    public const string ProjectionName = "RegionMembers";

    public RegionMembersProjection()
    {
        Name = ProjectionName;
        Identity<PartnerJoined>(e => e.RegionId);
        Identity<PartnerMembershipCancelled>(e => e.RegionId);
        Identity<PartnerRejoined>(e => e.RegionId);
        Identity<MunicipalityJoined>(e => e.RegionId);
        Identity<MunicipalityLeft>(e => e.RegionId);
        Identity<MunicipalityRejoined>(e => e.RegionId);
        // Identity rules do not tell Marten which events to read: without these the daemon feeds this projection every
        // event of the store (a rebuild read all 148,823 events of 100k talents for a few hundred).
        IncludeType<PartnerJoined>();
        IncludeType<PartnerMembershipCancelled>();
        IncludeType<PartnerRejoined>();
        IncludeType<MunicipalityJoined>();
        IncludeType<MunicipalityLeft>();
        IncludeType<MunicipalityRejoined>();
    }

    public override RegionMembers? Evolve(RegionMembers? snapshot, Guid id, IEvent e)
    {
        var members = snapshot ?? RegionMembers.Empty(id);
        return e.Data switch
        {
            PartnerJoined joined => members.Joined(joined.PartnerId, MemberKind.Partner, joined.JoinedOn),
            // A membership runs up to, not including, the day its cancellation takes effect (Partners/PartnerEvents.cs).
            PartnerMembershipCancelled cancelled => members.Ended(cancelled.PartnerId, cancelled.EffectiveOn),
            PartnerRejoined rejoined => members.Rejoined(rejoined.PartnerId, rejoined.RejoinedOn),
            MunicipalityJoined joined => members.Joined(joined.MunicipalityId, MemberKind.Municipality, joined.JoinedOn),
            MunicipalityLeft left => members.Ended(left.MunicipalityId, left.LeftOn),
            MunicipalityRejoined rejoined => members.Rejoined(rejoined.MunicipalityId, rejoined.RejoinedOn),
            _ => snapshot,
        };
    }
}
