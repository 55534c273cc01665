using TalentPool.Common;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Hires;

/// <summary>
/// What a talent's past says at the moment of hiring: the talent, its hires, and the partners those hires were made by
/// (whether one of them is still a member decides whether a hire is internal).
/// </summary>
public sealed record TalentHistory(Talent Talent, IReadOnlyList<Hire> Hires, IReadOnlyList<Partner> Employers)
{
    /// <summary>
    /// PRODUCT.md: "Internal hire: the talent was already employed by another member in the region". The other partner
    /// of the region that employs the talent on the hire date and is a member on that day; a former member that still
    /// employs the talent makes no hire internal.
    /// </summary>
    public Guid? MemberEmployingOn(DateOnly hiredOn, Guid regionId, Guid hiringPartnerId) => Hires
        .Where(h => h.RegionId == regionId && h.PartnerId != hiringPartnerId && h.IsEmployedOn(hiredOn))
        .Where(h => Employers.FirstOrDefault(p => p.Id == h.PartnerId) is { } employer && employer.IsMemberOn(hiredOn))
        .OrderByDescending(h => h.StartsOn)
        .FirstOrDefault()?.PartnerId;
}

public static class HireDecisions
{
    public static HireRecorded Record(
        Guid hireId, RecordHire command, DateOnly hiredOn, TalentHistory history, Partner partner, Region region, DateTimeOffset now,
        VacancyView? vacancy = null)
    {
        if (!partner.IsMemberOn(hiredOn)) throw new RuleViolation($"{partner.Name} is not a member on {hiredOn:yyyy-MM-dd}; only members record hires.");
        if (command.StartsOn < hiredOn.AddYears(-1)) throw new RuleViolation("The start date lies more than a year before the hire date.");
        // One active hire per talent and partner: the same rule the database enforces (HiresConfiguration) between racing hires.
        if (history.Hires.FirstOrDefault(h => h.PartnerId == partner.Id && h.Status == HireStatus.Active) is { } active)
        {
            throw new RuleViolation(AlreadyHired(partner.Name, active));
        }
        if (history.Hires.FirstOrDefault(h => h.PartnerId == partner.Id && h.IsEmployedOn(command.StartsOn)) is { } employed)
        {
            throw new RuleViolation(
                $"The talent is employed by {partner.Name} on {command.StartsOn:yyyy-MM-dd} still (hire {employed.Id} ends on {employed.EndedOn:yyyy-MM-dd}).");
        }

        var workplace = WorkplaceOf(command, region, vacancy);
        var prices = region.PriceListInForce(hiredOn);
        var fee = Money.Billed(prices.For(partner.TierOn(hiredOn)).HireFee, prices.Currency);
        var previousEmployer = history.MemberEmployingOn(hiredOn, region.Id, partner.Id);
        var profile = history.Talent.Profile;

        return new HireRecorded(hireId, history.Talent.Id, partner.Id, region.Id, command.VacancyId, hiredOn, command.StartsOn,
            Classify(previousEmployer, profile, region), previousEmployer, fee, profile.CountryOfResidence, profile.CompetenceAreas, now,
            TalentHasAccompanyingPartner: profile.AccompanyingPartner is not null, workplace);
    }

    /// <summary>Where the job is: the vacancy's municipality when the hire names one, else the one given (the region's), else unknown.</summary>
    public static string? WorkplaceOf(RecordHire command, Region region, VacancyView? vacancy)
    {
        var given = command.WorkplaceMunicipality;
        if (vacancy is not null)
        {
            if (vacancy.RegionId != region.Id) throw new RuleViolation("The vacancy is another region's.");
            var ofVacancy = vacancy.Details.MunicipalityNumber;
            if (given is not null && given != ofVacancy) throw new RuleViolation($"The vacancy's job is in municipality {ofVacancy}, not {given}.");
            return ofVacancy;
        }
        if (given is not null && !region.Includes(given)) throw new RuleViolation($"Municipality {given} is not one of {region.Name}'s.");
        return given;
    }

    public static string AlreadyHired(string partnerName, Hire active) =>
        $"The talent is already hired by {partnerName} (hire {active.Id}, starting {active.StartsOn:yyyy-MM-dd}); " +
        "end or cancel that hire before recording another.";

    /// <summary>
    /// Internal when another member employs the talent; else external when the talent lives outside the
    /// region: in another country, or in a municipality that is not the region's. Local otherwise.
    /// </summary>
    public static HireClassification Classify(Guid? previousEmployer, TalentProfile profile, Region region)
    {
        if (previousEmployer is not null) return HireClassification.Internal;
        var livesInRegion = profile.CountryOfResidence == region.Country
            && (profile.MunicipalityOfResidence is null || region.Includes(profile.MunicipalityOfResidence));
        return livesInRegion ? HireClassification.Local : HireClassification.External;
    }

    public static HireCancelled Cancel(Hire hire, CancelHire command)
    {
        if (hire.Status == HireStatus.Cancelled) throw new RuleViolation($"The hire was cancelled on {hire.CancelledOn:yyyy-MM-dd} already.");
        if (hire.Status == HireStatus.Ended) throw new RuleViolation("The employment has ended; an ended employment is not cancelled.");
        if (command.CancelledOn < hire.HiredOn) throw new RuleViolation($"A hire is cancelled on or after its hire date, {hire.HiredOn:yyyy-MM-dd}.");
        return new HireCancelled(hire.Id, hire.PartnerId, hire.RegionId, hire.StartsOn, hire.WorkplaceMunicipality, command.CancelledOn, hire.Stored(command.Reason), hire.Fee);
    }

    public static EmploymentEnded End(Hire hire, EndEmployment command)
    {
        if (hire.Status != HireStatus.Active) throw new RuleViolation($"The hire is {hire.Status.ToString().ToLowerInvariant()}; only an active employment ends.");
        if (command.EndedOn <= hire.StartsOn) throw new RuleViolation($"An employment ends after it starts on {hire.StartsOn:yyyy-MM-dd}.");
        return new EmploymentEnded(hire.Id, hire.PartnerId, hire.RegionId, hire.StartsOn, hire.WorkplaceMunicipality, command.EndedOn, command.LeftRegion, hire.Stored(command.Reason));
    }

    public static AccompanyingPartnerEmployed RecordAccompanyingPartnerEmployed(Hire hire, RecordAccompanyingPartnerEmployment command)
    {
        if (hire.Status == HireStatus.Cancelled) throw new RuleViolation("The hire was cancelled.");
        if (hire.AccompanyingPartnerEmployedOn is { } on) throw new RuleViolation($"The accompanying partner's employment was recorded already ({on:yyyy-MM-dd}).");
        return new AccompanyingPartnerEmployed(hire.Id, hire.PartnerId, hire.RegionId, hire.StartsOn, hire.WorkplaceMunicipality,
            command.EmployedOn, command.EmployerPartnerId, hire.Stored(command.Occupation));
    }
}
