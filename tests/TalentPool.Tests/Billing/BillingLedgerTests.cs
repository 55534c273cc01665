using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Partners;
using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Billing;

public class BillingLedgerTests
{
    private static readonly DateTimeOffset InMay = new(2026, 5, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly BillingWorld _world = new();
    private RegionBilling? _billing;
    private readonly List<ClosedBillingPeriod> _closed = [];

    private void Close(BillingMonth month)
    {
        var closed = BillingLedger.Close(month, _world.Facts, _billing, _closed, InMay);
        _billing = _billing is null ? RegionBilling.Create(closed) : _billing.Apply(closed);
        _closed.Add(new ClosedBillingPeriod(ClosedBillingPeriod.IdFor(closed.RegionId, month), closed.RegionId, month, closed.ClosedAt, closed.Statements));
    }

    private Statement Of(Partner partner, BillingMonth month) =>
        BillingLedger.StatementsFor(month, _world.Facts, _billing, _closed).Single(s => s.PayerId == partner.Id);

    [Fact]
    public void A_hire_recorded_late_for_a_closed_month_is_billed_once_as_a_correction_in_the_first_open_month()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        Close(Month(2026, 3));
        _world.Hire(partner, Day(2026, 3, 20), 20_000m);

        Of(partner, Month(2026, 3)).Total.Amount.ShouldBe(2_500m);
        Of(partner, Month(2026, 3)).Closed.ShouldBeTrue();
        var april = Of(partner, Month(2026, 4));
        var correction = april.Lines.Single(l => l.Corrects is not null);
        correction.Corrects.ShouldBe(Month(2026, 3));
        correction.Kind.ShouldBe(LineKind.HireFee);
        correction.Amount.Amount.ShouldBe(20_000m);
        april.Total.Amount.ShouldBe(22_500m);

        Close(Month(2026, 4));

        Of(partner, Month(2026, 4)).Total.Amount.ShouldBe(22_500m);
        Of(partner, Month(2026, 5)).Lines.ShouldNotContain(l => l.Corrects != null);
    }

    [Fact]
    public void A_back_dated_cancellation_of_a_closed_month_is_credited_as_a_correction()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        var hire = _world.Hire(partner, Day(2026, 3, 5), 20_000m);
        Close(Month(2026, 3));
        _world.Cancel(hire, Day(2026, 3, 30));

        var april = Of(partner, Month(2026, 4));

        april.Lines.Single(l => l.Corrects == Month(2026, 3)).Amount.Amount.ShouldBe(-20_000m);
        april.Total.Amount.ShouldBe(2_500m - 20_000m);
    }

    [Fact]
    public void Months_close_once_in_order_and_only_after_they_end()
    {
        _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        Close(Month(2026, 2));

        Should.Throw<RuleViolation>(() => Close(Month(2026, 2))).Message.ShouldContain("closed already");
        Should.Throw<RuleViolation>(() => Close(Month(2026, 4))).Message.ShouldContain("next month to close is 2026-03");
        Close(Month(2026, 3));
        Close(Month(2026, 4));
        Should.Throw<RuleViolation>(() => Close(Month(2026, 5))).Message.ShouldContain("has not ended");
    }
}
