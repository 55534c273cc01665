using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Municipalities;

/// <summary>
/// The membership rules of municipalities, as pure functions. "Today" is an argument: a municipality whose
/// leaving is dated next June is a member (posting, billed) until that day comes.
/// </summary>
public static class MunicipalityDecisions
{
    public static MunicipalityLeft Leave(Municipality municipality, LeaveMunicipalityMembership command, DateOnly today)
    {
        var term = municipality.Terms[^1];
        if (term.Until is { } until)
        {
            throw new RuleViolation(until > today
                ? $"{municipality.Name} is leaving already: its membership ends on {until:yyyy-MM-dd}."
                : $"{municipality.Name} is not a member: it left on {until:yyyy-MM-dd}.");
        }
        if (command.LeftOn <= term.From) throw new RuleViolation($"{municipality.Name} can leave after its membership began on {term.From:yyyy-MM-dd}.");
        return new MunicipalityLeft(municipality.Id, municipality.RegionId, command.LeftOn, command.Reason.Trim());
    }

    public static MunicipalityRejoined Rejoin(Municipality municipality, RejoinMunicipality command, Region region, DateOnly today)
    {
        var term = municipality.Terms[^1];
        if (term.Until is not { } left)
        {
            throw new RuleViolation(term.From > today
                ? $"{municipality.Name} rejoins on {term.From:yyyy-MM-dd} already."
                : $"{municipality.Name} is a member already.");
        }
        if (left > today)
        {
            throw new RuleViolation(
                $"{municipality.Name} is a member until {left:yyyy-MM-dd}, when its leaving takes effect; it can rejoin once that day has come.");
        }
        if (command.RejoinedOn < left) throw new RuleViolation($"{municipality.Name} can rejoin from {left:yyyy-MM-dd}, when it left.");
        // A member is priced on every day of its membership: a day without a price list is refused here, not on a statement.
        _ = region.PriceListInForce(command.RejoinedOn);
        return new MunicipalityRejoined(municipality.Id, municipality.RegionId, command.RejoinedOn);
    }

    public static MunicipalityPopulationUpdated UpdatePopulation(Municipality municipality, UpdatePopulation command)
    {
        if (municipality.Populations.FirstOrDefault(p => p.From == command.EffectiveFrom) is { } recorded)
        {
            throw new RuleViolation($"{municipality.Name}'s population from {recorded.From:yyyy-MM-dd} is recorded already: " +
                $"{recorded.Population} inhabitants, counted in {recorded.CountedIn}. To replace it, correct it with a reason " +
                $"(POST /api/v1/municipalities/{municipality.Id}/population/corrections).");
        }
        return new MunicipalityPopulationUpdated(municipality.Id, municipality.RegionId, command.Population, command.CountedIn, command.EffectiveFrom);
    }

    public static MunicipalityPopulationCorrected CorrectPopulation(Municipality municipality, CorrectPopulation command)
    {
        if (municipality.Populations.All(p => p.From != command.EffectiveFrom))
        {
            throw new RuleViolation($"No population of {municipality.Name} is recorded from {command.EffectiveFrom:yyyy-MM-dd}, so there is " +
                $"nothing to correct; a new count is recorded with POST /api/v1/municipalities/{municipality.Id}/population.");
        }
        return new MunicipalityPopulationCorrected(
            municipality.Id, municipality.RegionId, command.Population, command.CountedIn, command.EffectiveFrom, command.Reason.Trim());
    }

    public static MunicipalityPayerChanged ChangePayer(Municipality municipality, ChangeLicencePayer command)
    {
        if (municipality.Payers.FirstOrDefault(p => p.From == command.EffectiveFrom) is { } recorded)
        {
            throw new RuleViolation($"{municipality.Name}'s payer from {recorded.From:yyyy-MM-dd} is recorded already: {recorded.PaidBy}. " +
                $"To replace it, correct it with a reason (POST /api/v1/municipalities/{municipality.Id}/payer/corrections).");
        }
        return new MunicipalityPayerChanged(municipality.Id, municipality.RegionId, command.PaidBy, command.EffectiveFrom);
    }

    public static MunicipalityPayerCorrected CorrectPayer(Municipality municipality, CorrectLicencePayer command)
    {
        if (municipality.Payers.All(p => p.From != command.EffectiveFrom))
        {
            throw new RuleViolation($"No payer of {municipality.Name} is recorded from {command.EffectiveFrom:yyyy-MM-dd}, so there is nothing to " +
                $"correct; a change of payer is recorded with POST /api/v1/municipalities/{municipality.Id}/payer.");
        }
        return new MunicipalityPayerCorrected(municipality.Id, municipality.RegionId, command.PaidBy, command.EffectiveFrom, command.Reason.Trim());
    }
}
