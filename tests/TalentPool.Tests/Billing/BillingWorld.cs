using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;

namespace TalentPool.Tests.Billing;

/// <summary>
/// A small county built from events, for pure billing tests: a county of six municipalities with the region
/// "Hamarregionen" (four of them) and the region "Gjøvik" (the other two).
/// </summary>
public sealed class BillingWorld
{
    public static readonly Guid CountyId = Guid.NewGuid();
    public Region Hamarregionen { get; } = NewRegion("Hamarregionen", ["3403", "3405", "3411", "3412"]);
    public Region Gjovik { get; } = NewRegion("Gjøvik", ["3407", "3443"]);
    public County County { get; set; } = County.Create(new CountyRegistered(CountyId, "Innlandet", "NO", ["3403", "3405", "3411", "3412", "3407", "3443"]));
    public List<Partner> Partners { get; } = [];
    public List<Municipality> Municipalities { get; } = [];
    public List<Hire> Hires { get; } = [];

    public static Region NewRegion(string name, IReadOnlyList<string> numbers)
    {
        var id = Guid.NewGuid();
        return Region.Create(new RegionRegistered(id, name, CountyId, "NO", "NOK", numbers, 200, 10_000))
            .Apply(new PriceListPublished(id, PriceList.Defaults(new DateOnly(2000, 1, 1))));
    }

    public BillingFacts Facts => new(Hamarregionen, County, Partners, Municipalities, [.. Hires.Select(Billable)]);

    /// <summary>What billing reads of a hire (the projection's document, without its read markers).</summary>
    public static BillableHire Billable(Hire hire) => new(hire.Id, hire.RegionId, hire.PartnerId, hire.HiredOn, hire.Fee, hire.CancelledOn,
        BillableHire.MonthNumber(hire.HiredOn), hire.CancelledOn is { } cancelled ? BillableHire.MonthNumber(cancelled) : null, 0, null);

    public Partner Partner(string name, PartnerTier tier, DateOnly joinedOn, params object[] later)
    {
        var partner = Apply(global::TalentPool.Partners.Partner.Create(new PartnerJoined(Guid.NewGuid(), Hamarregionen.Id, name, "923609016", 100, tier, joinedOn,
            tier == PartnerTier.Founding ? joinedOn.AddMonths(36) : null)), later);
        Partners.Add(partner);
        return partner;
    }

    public Municipality Municipality(string number, string name, int population, DateOnly joinedOn, LicencePayer paidBy = LicencePayer.Municipality, Region? region = null)
    {
        var municipality = global::TalentPool.Municipalities.Municipality.Create(new MunicipalityJoined(
            Guid.NewGuid(), number, name, (region ?? Hamarregionen).Id, population, 2025, joinedOn, paidBy));
        Municipalities.Add(municipality);
        return municipality;
    }

    public void Change(Municipality municipality, object change)
    {
        var index = Municipalities.FindIndex(m => m.Id == municipality.Id);
        Municipalities[index] = change switch
        {
            MunicipalityLeft left => Municipalities[index].Apply(left),
            MunicipalityRejoined rejoined => Municipalities[index].Apply(rejoined),
            MunicipalityPopulationUpdated updated => Municipalities[index].Apply(updated),
            MunicipalityPayerChanged payer => Municipalities[index].Apply(payer),
            _ => throw new ArgumentException($"Not a municipality event: {change}"),
        };
    }

    public Hire Hire(Partner partner, DateOnly hiredOn, decimal fee)
    {
        var hire = global::TalentPool.Hires.Hire.Create(new HireRecorded(Guid.NewGuid(), Guid.NewGuid(), partner.Id, Hamarregionen.Id, null,
            hiredOn, hiredOn, HireClassification.External, null, new Money(fee, "NOK"), "IN", ["Welding"], DateTimeOffset.UnixEpoch,
            false, null));
        Hires.Add(hire);
        return hire;
    }

    public void Cancel(Hire hire, DateOnly cancelledOn)
    {
        var index = Hires.FindIndex(h => h.Id == hire.Id);
        Hires[index] = Hires[index].Apply(new HireCancelled(hire.Id, hire.PartnerId, hire.RegionId, hire.StartsOn, null, cancelledOn, "Probation", hire.Fee));
    }

    public Statement StatementOf(Guid payerId, BillingMonth month) =>
        BillingCalculator.Statements(Facts, month).Single(s => s.PayerId == payerId);

    private static Partner Apply(Partner partner, object[] events) => events.Aggregate(partner, (current, e) => e switch
    {
        PartnerTierChanged changed => current.Apply(changed),
        PartnerMembershipCancelled cancelled => current.Apply(cancelled),
        PartnerRejoined rejoined => current.Apply(rejoined),
        _ => throw new ArgumentException($"Not a partner event: {e}"),
    });

    public static BillingMonth Month(int year, int month) => new(year, month);
    public static DateOnly Day(int year, int month, int day) => new(year, month, day);
}
