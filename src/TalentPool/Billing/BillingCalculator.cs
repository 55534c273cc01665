using TalentPool.Common;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;

namespace TalentPool.Billing;

/// <summary>
/// The facts billing reads for one region: all documents, none of them replayed from events. The
/// municipalities are the region's own and every member of its county's list, whatever region they joined. The hires
/// are those the months asked for bill (a read loads only its own month's, see <see cref="BillingFactsLoader"/>): the
/// calculator bills a hire only in the month of its hire date or its cancellation, whatever else it is given.
/// </summary>
public sealed record BillingFacts(
    Region Region,
    County County,
    IReadOnlyList<Partner> Partners,
    IReadOnlyList<Municipality> CountyMunicipalities,
    IReadOnlyList<BillableHire> Hires);

/// <summary>
/// The pricing and billing rules as pure functions: what each payer of a region owes for a month.
/// Licences are monthly and prorated by days: a stretch of days at one price costs
/// monthly price × days / days in the month, rounded once as a line.
/// </summary>
public static class BillingCalculator
{
    public static IReadOnlyList<Statement> Statements(BillingFacts facts, BillingMonth month)
    {
        var lines = new List<(Guid PayerId, PayerKind Kind, string Name, StatementLine Line)>();

        foreach (var partner in facts.Partners)
        {
            lines.AddRange(PartnerLines(partner, month, facts.Region, facts.Hires.Where(h => h.PartnerId == partner.Id))
                .Select(line => (partner.Id, PayerKind.Partner, partner.Name, line)));
        }

        foreach (var municipality in facts.CountyMunicipalities.Where(m => m.RegionId == facts.Region.Id))
        {
            foreach (var (payer, line) in MunicipalityLines(municipality, month, facts))
            {
                lines.Add(payer == LicencePayer.Municipality
                    ? (municipality.Id, PayerKind.Municipality, municipality.Name, line)
                    : (facts.Region.Id, PayerKind.RegionalCouncil, $"Regional council of {facts.Region.Name}", line));
            }
        }

        return lines
            .GroupBy(l => (l.PayerId, l.Kind, l.Name))
            .Select(payer => Statement(payer.Key.PayerId, payer.Key.Kind, payer.Key.Name, facts.Region, month, payer.Select(l => l.Line).ToList()))
            .OrderBy(s => s.PayerKind).ThenBy(s => s.PayerName)
            .ToList();
    }

    public static Statement Statement(Guid payerId, PayerKind kind, string name, Region region, BillingMonth month, IReadOnlyList<StatementLine> lines, bool closed = false) =>
        new Statement(payerId, kind, name, region.Id, month, region.Currency, [], Money.Zero(region.Currency), closed).WithLines(lines);

    public static IEnumerable<StatementLine> PartnerLines(Partner partner, BillingMonth month, Region region, IEnumerable<BillableHire> hires)
    {
        // A day no price list covers is not billed: members are refused such days when they join, and a read never refuses.
        foreach (var run in Runs(month, day =>
            partner.IsMemberOn(day) && region.PriceListOn(day) is { } prices ? (partner.TierOn(day), prices) : ((PartnerTier, PriceList)?)null))
        {
            var (tier, prices) = run.Key;
            yield return new StatementLine(partner.Id, partner.Name, LineKind.PartnerLicence, null,
                $"{tier} partner licence, {Days(run, month)}",
                Prorated(prices.For(tier).MonthlyLicence, run, month, region.Currency));
        }

        foreach (var hire in hires.OrderBy(h => h.HiredOn))
        {
            if (month.Contains(hire.HiredOn))
            {
                yield return new StatementLine(partner.Id, partner.Name, LineKind.HireFee, hire.Id,
                    $"Per-hire fee, hire of {hire.HiredOn:yyyy-MM-dd}", hire.Fee);
            }
            if (hire.CancelledOn is { } cancelled && month.Contains(cancelled))
            {
                yield return new StatementLine(partner.Id, partner.Name, LineKind.HireFeeCredit, hire.Id,
                    $"Credit: hire of {hire.HiredOn:yyyy-MM-dd} cancelled on {cancelled:yyyy-MM-dd}", -hire.Fee);
            }
        }
    }

    public static IEnumerable<(LicencePayer Payer, StatementLine Line)> MunicipalityLines(Municipality municipality, BillingMonth month, BillingFacts facts)
    {
        var members = facts.CountyMunicipalities.ToLookup(m => m.Number);
        bool AllTakePart(IReadOnlyList<string> numbers, DateOnly day) =>
            numbers.Count > 0 && numbers.All(number => members[number].Any(member => member.IsMemberOn(day)));

        var runs = Runs(month, day =>
        {
            if (!municipality.IsMemberOn(day) || facts.Region.PriceListOn(day) is not { } prices)
            {
                return ((MunicipalityRate, decimal, int, LicencePayer)?)null;
            }
            var population = municipality.PopulationOn(day);
            // The county's own list, not its registered regions': a county that does not know it never gives the county rate.
            var rate = AllTakePart(facts.County.MunicipalitiesOn(day), day) ? MunicipalityRate.County
                : AllTakePart(facts.Region.MunicipalityNumbers, day) ? MunicipalityRate.Regional
                : MunicipalityRate.Band;
            var monthly = rate switch
            {
                MunicipalityRate.County => population * prices.CountyRatePerInhabitantPerYear / 12m,
                MunicipalityRate.Regional => population * prices.RegionalRatePerInhabitantPerYear / 12m,
                _ => prices.MunicipalityLicence(population),
            };
            return (rate, monthly, population, municipality.PayerOn(day));
        });

        foreach (var run in runs)
        {
            var (rate, monthly, population, payer) = run.Key;
            var prices = facts.Region.PriceListOn(run.First)!; // a run only holds days that have a price list
            var basis = rate switch
            {
                MunicipalityRate.County => $"county rate {prices.CountyRatePerInhabitantPerYear} {facts.Region.Currency} per inhabitant per year, every municipality of the county takes part",
                MunicipalityRate.Regional => $"regional rate {prices.RegionalRatePerInhabitantPerYear} {facts.Region.Currency} per inhabitant per year, every municipality of the region takes part",
                _ => $"population band licence {monthly} {facts.Region.Currency} per month",
            };
            yield return (payer, new StatementLine(municipality.Id, municipality.Name, LineKind.MunicipalityLicence, null,
                $"Municipal licence ({basis}; {population} inhabitants), {Days(run, month)}",
                Prorated(monthly, run, month, facts.Region.Currency)));
        }
    }

    private enum MunicipalityRate { Band, Regional, County }

    private sealed record Run<TKey>(TKey Key, DateOnly First, DateOnly Last)
    {
        public int Days => Last.DayNumber - First.DayNumber + 1;
    }

    /// <summary>The month cut into stretches of consecutive days with the same (non-null) price key.</summary>
    private static List<Run<TKey>> Runs<TKey>(BillingMonth month, Func<DateOnly, TKey?> keyOn) where TKey : struct
    {
        var runs = new List<Run<TKey>>();
        foreach (var day in month.Dates())
        {
            var key = keyOn(day);
            if (key is null) continue;
            if (runs.Count > 0 && runs[^1].Last.AddDays(1) == day && EqualityComparer<TKey>.Default.Equals(runs[^1].Key, key.Value))
            {
                runs[^1] = runs[^1] with { Last = day };
            }
            else
            {
                runs.Add(new Run<TKey>(key.Value, day, day));
            }
        }
        return runs;
    }

    private static Money Prorated<TKey>(decimal monthly, Run<TKey> run, BillingMonth month, string currency) =>
        Money.Billed(monthly * run.Days / month.Days, currency);

    private static string Days<TKey>(Run<TKey> run, BillingMonth month) =>
        run.Days == month.Days ? $"{month} (whole month)" : $"{run.First:yyyy-MM-dd} to {run.Last:yyyy-MM-dd} ({run.Days}/{month.Days} days)";
}
