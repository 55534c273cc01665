using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Partners;

/// <summary>
/// The membership rules of partner companies, as pure functions. "Today" is an argument: a cancellation dated
/// next June leaves the partner a member (posting, changing tier, billed) until that day comes.
/// </summary>
public static class PartnerDecisions
{
    /// <param name="sameCompany">A partner of the region with the same organisation number, if one is registered.</param>
    public static PartnerJoined Join(Guid partnerId, JoinPartner command, PriceList prices, Partner? sameCompany)
    {
        if (sameCompany is not null)
        {
            throw new RuleViolation($"{sameCompany.Name} (organisation number {sameCompany.OrganisationNumber}) is registered in this region " +
                $"already as partner {sameCompany.Id}; a former member rejoins instead (POST /api/v1/partners/{sameCompany.Id}/rejoin).");
        }
        return new(partnerId, command.RegionId, command.Name.Trim(), command.OrganisationNumber.Trim(), command.EmployeeCount,
            prices.TierFor(command.Founding, command.EmployeeCount), command.JoinedOn,
            CommitmentFrom(command.Founding, command.JoinedOn, prices));
    }

    public static PartnerTierChanged ChangeTier(Partner partner, ChangePartnerTier command, PriceList prices, DateOnly today)
    {
        var term = partner.Terms[^1];
        if (term.HasEndedBy(today)) throw new RuleViolation($"The partner's membership ended on {term.Until:yyyy-MM-dd}; rejoin first.");
        if (command.EffectiveOn < term.From)
        {
            throw new RuleViolation($"The tier can change from {term.From:yyyy-MM-dd}, the start of the current membership, at the earliest.");
        }
        if (term.Until is { } until && command.EffectiveOn >= until)
        {
            throw new RuleViolation(
                $"The membership ends on {until:yyyy-MM-dd}, when its cancellation takes effect: a tier change takes effect before that day.");
        }
        if (partner.Tiers.FirstOrDefault(t => t.From == command.EffectiveOn) is { } recorded)
        {
            throw new RuleViolation($"A tier is recorded from {recorded.From:yyyy-MM-dd} already ({Describe(recorded)}). To replace it, " +
                $"correct it with a reason (POST /api/v1/partners/{partner.Id}/tier/corrections).");
        }

        var fact = TierFact(partner, term, command.Founding, command.EmployeeCount, command.EffectiveOn, prices);
        RefuseBrokenCommitment(partner.WithTier(fact).Tiers, term, command.EffectiveOn, "leave the founding tier");
        return new PartnerTierChanged(partner.Id, partner.RegionId, fact.Tier, fact.EmployeeCount, fact.From, fact.CommittedUntil);
    }

    /// <summary>Replaces the tier fact recorded from a day, in any membership: it was wrong, not changed.</summary>
    public static PartnerTierCorrected CorrectTier(Partner partner, CorrectPartnerTier command, PriceList prices)
    {
        var recorded = partner.Tiers.FirstOrDefault(t => t.From == command.EffectiveOn)
            ?? throw new RuleViolation($"No tier is recorded from {command.EffectiveOn:yyyy-MM-dd}, so there is nothing to correct; " +
                $"a change of tier from that day is recorded with POST /api/v1/partners/{partner.Id}/tier.");
        var term = partner.TermOf(recorded.From)!;

        var fact = TierFact(partner, term, command.Founding, command.EmployeeCount, command.EffectiveOn, prices);
        RefuseBrokenCommitment(partner.WithTier(fact).Tiers, term, command.EffectiveOn, "leave the founding tier");
        return new PartnerTierCorrected(partner.Id, partner.RegionId, fact.Tier, fact.EmployeeCount, fact.From, fact.CommittedUntil, command.Reason.Trim());
    }

    public static PartnerMembershipCancelled Cancel(Partner partner, CancelPartnerMembership command, DateOnly today)
    {
        var term = partner.Terms[^1];
        if (term.Until is { } until)
        {
            throw new RuleViolation(until > today
                ? $"A cancellation is pending already: the membership ends on {until:yyyy-MM-dd}."
                : $"The partner's membership has already ended, on {until:yyyy-MM-dd}.");
        }
        if (command.EffectiveOn <= term.From) throw new RuleViolation($"A cancellation takes effect after the membership began on {term.From:yyyy-MM-dd}.");

        RefuseBrokenCommitment(partner.Tiers, term with { Until = command.EffectiveOn }, command.EffectiveOn, "cancel");
        return new PartnerMembershipCancelled(partner.Id, partner.RegionId, command.EffectiveOn, command.Reason.Trim());
    }

    public static PartnerRejoined Rejoin(Partner partner, RejoinPartner command, PriceList prices, DateOnly today)
    {
        var term = partner.Terms[^1];
        if (term.Until is not { } ended)
        {
            throw new RuleViolation(term.From > today
                ? $"The partner rejoins on {term.From:yyyy-MM-dd} already."
                : "The partner is a member already.");
        }
        if (ended > today)
        {
            throw new RuleViolation(
                $"The partner is a member until {ended:yyyy-MM-dd}, when its cancellation takes effect; it can rejoin once that day has come.");
        }
        if (command.RejoinedOn < ended) throw new RuleViolation($"The partner can rejoin from {ended:yyyy-MM-dd}, when its last membership ended.");
        return new PartnerRejoined(partner.Id, partner.RegionId, prices.TierFor(command.Founding, command.EmployeeCount), command.EmployeeCount,
            command.RejoinedOn, CommitmentFrom(command.Founding, command.RejoinedOn, prices));
    }

    /// <summary>
    /// The tier fact for a day of a membership. A founding tier that continues a founding tier (a new headcount)
    /// keeps its commitment; one that starts a founding stretch commits the partner from that day.
    /// </summary>
    private static TierFrom TierFact(Partner partner, Term term, bool founding, int employeeCount, DateOnly from, PriceList prices)
    {
        var tier = prices.TierFor(founding, employeeCount);
        var before = partner.Tiers.LastOrDefault(t => t.From < from && t.From >= term.From);
        var committedUntil = tier != PartnerTier.Founding ? null
            : before is { Tier: PartnerTier.Founding } ? before.CommittedUntil
            : CommitmentFrom(true, from, prices);
        return new TierFrom(from, tier, employeeCount, committedUntil);
    }

    private static DateOnly? CommitmentFrom(bool founding, DateOnly start, PriceList prices) =>
        founding ? start.AddMonths(prices.FoundingCommitmentMonths) : null;

    /// <summary>
    /// Every founding stretch of the membership lasts until its commitment ends: neither a later tier fact nor the
    /// end of the membership may cut it short. <paramref name="changedOn"/> is the day the command changes.
    /// </summary>
    private static void RefuseBrokenCommitment(IReadOnlyList<TierFrom> tiers, Term term, DateOnly changedOn, string action)
    {
        var facts = tiers.Where(t => term.Contains(t.From)).ToList();
        for (var i = 0; i < facts.Count; i++)
        {
            if (facts[i] is not { Tier: PartnerTier.Founding, CommittedUntil: { } committedUntil }) continue;
            var next = facts.Skip(i + 1).FirstOrDefault(t => t.Tier != PartnerTier.Founding);
            var stretchEnds = next?.From ?? term.Until;
            if (stretchEnds is not { } ends || ends >= committedUntil) continue;

            var cutBy = next is null ? $"the membership ends on {ends:yyyy-MM-dd}" : $"its tier is recorded as {Describe(next)} from {ends:yyyy-MM-dd}";
            throw new RuleViolation(ends == changedOn
                ? $"A founding partner is committed until {committedUntil:yyyy-MM-dd}: " +
                  $"it can {action} with effect from {committedUntil:yyyy-MM-dd} at the earliest."
                : $"A founding tier from {facts[i].From:yyyy-MM-dd} commits the partner until {committedUntil:yyyy-MM-dd}, but {cutBy}.");
        }
    }

    private static string Describe(TierFrom fact) => $"{fact.Tier}, {fact.EmployeeCount} employees";
}
