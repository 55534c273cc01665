using Shouldly;
using TalentPool.Partners;
using TalentPool.Regions;

namespace TalentPool.Tests.Partners;

/// <summary>Membership as of a day is worked out when the partner is read, so it changes as time passes with no write.</summary>
public sealed class PartnerDetailsTests
{
    private static readonly Guid PartnerId = Guid.NewGuid();

    private static PartnerHistory History(params object[] events)
    {
        var history = PartnerHistoryProjection.Create((PartnerJoined)events[0]);
        foreach (var change in events.Skip(1))
        {
            history = change switch
            {
                PartnerTierChanged changed => PartnerHistoryProjection.Apply(changed, history),
                PartnerMembershipCancelled cancelled => PartnerHistoryProjection.Apply(cancelled, history),
                PartnerRejoined rejoined => PartnerHistoryProjection.Apply(rejoined, history),
                _ => throw new ArgumentOutOfRangeException(nameof(events)),
            };
        }
        return history;
    }

    private static readonly PartnerJoined Joined =
        new(PartnerId, Guid.NewGuid(), "Nammo", "976 727 238", 30, PartnerTier.Small, new DateOnly(2026, 1, 1), null);

    [Fact]
    public void Given_a_cancellation_dated_June_When_read_in_May_and_again_in_June_Then_a_member_first_and_not_after()
    {
        var history = History(Joined, new PartnerMembershipCancelled(PartnerId, Joined.RegionId, new DateOnly(2026, 6, 1), "Pause"));

        var inMay = PartnerDetails.AsOf(history, new DateOnly(2026, 5, 31));
        var inJune = PartnerDetails.AsOf(history, new DateOnly(2026, 6, 1));

        inMay.IsMember.ShouldBeTrue();
        inMay.CurrentTier.ShouldBe(PartnerTier.Small);
        inJune.IsMember.ShouldBeFalse();
        inJune.CurrentTier.ShouldBeNull();
        inJune.Terms.ShouldBe(inMay.Terms);
    }

    [Fact]
    public void Given_a_tier_change_dated_next_month_When_read_before_and_on_that_day_Then_the_current_tier_follows_the_date()
    {
        var history = History(Joined, new PartnerTierChanged(PartnerId, Joined.RegionId, PartnerTier.Standard, 80, new DateOnly(2026, 3, 1), null));

        PartnerDetails.AsOf(history, new DateOnly(2026, 2, 28)).CurrentTier.ShouldBe(PartnerTier.Small);
        PartnerDetails.AsOf(history, new DateOnly(2026, 3, 1)).CurrentTier.ShouldBe(PartnerTier.Standard);
    }

    [Fact]
    public void Given_a_partner_who_left_and_rejoined_When_read_after_the_rejoin_Then_a_member_again_in_the_new_tier()
    {
        var history = History(
            Joined,
            new PartnerMembershipCancelled(PartnerId, Joined.RegionId, new DateOnly(2026, 6, 1), "Pause"),
            new PartnerRejoined(PartnerId, Joined.RegionId, PartnerTier.Standard, 90, new DateOnly(2026, 9, 1), null));

        var details = PartnerDetails.AsOf(history, new DateOnly(2026, 9, 1));

        details.IsMember.ShouldBeTrue();
        details.CurrentTier.ShouldBe(PartnerTier.Standard);
        details.Terms.Count.ShouldBe(2);
    }
}
