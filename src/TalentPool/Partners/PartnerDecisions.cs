using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Partners;


/// <summary>The membership rules of partner companies, as pure functions.</summary>
public static class PartnerDecisions
{
    public static PartnerJoined Join(Guid partnerId, JoinPartner command, PriceList prices) =>
        new(partnerId, command.RegionId, command.Name.Trim(), command.OrganisationNumber.Trim(), command.EmployeeCount,
            prices.TierFor(command.Founding, command.EmployeeCount), command.JoinedOn,
            CommitmentFrom(command.Founding, command.JoinedOn, prices));

    public static PartnerTierChanged ChangeTier(Partner partner, ChangePartnerTier command, PriceList prices)
    {
        if (!partner.IsMember) throw new RuleViolation("The partner's membership has ended; rejoin first.");
        var from = partner.Terms[^1].From;
        if (command.EffectiveOn < from) throw new RuleViolation($"The tier can change from {from:yyyy-MM-dd}, the start of the current membership, at the earliest.");
        RefuseBeforeCommitmentEnds(partner, command.EffectiveOn, leavingFounding: !command.Founding, "leave the founding tier");

        var tier = prices.TierFor(command.Founding, command.EmployeeCount);
        var committedUntil = tier == PartnerTier.Founding
            ? partner.TierOn(command.EffectiveOn) == PartnerTier.Founding ? partner.CommittedUntil : CommitmentFrom(true, command.EffectiveOn, prices)
            : null;
        return new PartnerTierChanged(partner.Id, tier, command.EmployeeCount, command.EffectiveOn, committedUntil);
    }

    public static PartnerMembershipCancelled Cancel(Partner partner, CancelPartnerMembership command)
    {
        if (!partner.IsMember) throw new RuleViolation("The partner's membership has already ended.");
        var from = partner.Terms[^1].From;
        if (command.EffectiveOn <= from) throw new RuleViolation($"A cancellation takes effect after the membership began on {from:yyyy-MM-dd}.");
        RefuseBeforeCommitmentEnds(partner, command.EffectiveOn, leavingFounding: true, "cancel");
        return new PartnerMembershipCancelled(partner.Id, command.EffectiveOn, command.Reason.Trim());
    }

    public static PartnerRejoined Rejoin(Partner partner, RejoinPartner command, PriceList prices)
    {
        if (partner.IsMember) throw new RuleViolation("The partner is a member already.");
        var ended = partner.Terms[^1].Until!.Value;
        if (command.RejoinedOn < ended) throw new RuleViolation($"The partner can rejoin from {ended:yyyy-MM-dd}, when its last membership ended.");
        return new PartnerRejoined(partner.Id, prices.TierFor(command.Founding, command.EmployeeCount), command.EmployeeCount,
            command.RejoinedOn, CommitmentFrom(command.Founding, command.RejoinedOn, prices));
    }

    private static DateOnly? CommitmentFrom(bool founding, DateOnly start, PriceList prices) =>
        founding ? start.AddMonths(prices.FoundingCommitmentMonths) : null;

    private static void RefuseBeforeCommitmentEnds(Partner partner, DateOnly effectiveOn, bool leavingFounding, string action)
    {
        if (leavingFounding && partner.TierOn(effectiveOn) == PartnerTier.Founding && partner.CommittedUntil is { } until && effectiveOn < until)
        {
            throw new RuleViolation(
                $"A founding partner is committed until {until:yyyy-MM-dd}: it can {action} with effect from {until:yyyy-MM-dd} at the earliest.");
        }
    }
}
