using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;

using TalentPool.Hosting;

namespace TalentPool.Seeding;

/// <summary>One stream to start, with every event it gets: seeded streams are appended whole.</summary>
public sealed record DemoStream(Type Aggregate, Guid Id, IReadOnlyList<object> Events)
{
    /// <summary>
    /// The tenant the stream lives in: the installation's for counties and municipality-number claims, else the region's
    /// (Hosting/RegionTenancy.cs) — where the API would have written it.
    /// </summary>
    public string TenantIn(Guid regionId) =>
        Aggregate == typeof(County) || Aggregate == typeof(MunicipalityNumberClaim) ? RegionTenancy.InstallationTenant : RegionTenancy.TenantOf(regionId);
}

/// <summary>
/// A region's history made from a seed: a county and its region with a price list, its municipalities joining (one
/// leaving and coming back, populations counted again, a payer changing), partner companies joining (founding, small
/// and standard, some changing tier, some cancelling and rejoining), talents from several countries registering with
/// their consents over the years, vacancies with their candidates, and hires of every classification — some cancelled,
/// some ended (with or without leaving the region), a "+1" finding work. The same plan gives the same streams, event for
/// event, in the same order: everything random is drawn from the seed.
/// </summary>
public sealed class DemoHistory
{
    private static readonly (string Number, string Name)[] Municipalities =
    [
        ("3403", "Hamar"), ("3405", "Lillehammer"), ("3407", "Gjovik"), ("3411", "Ringsaker"), ("3412", "Loten"), ("3413", "Stange"),
        ("3401", "Kongsvinger"), ("3420", "Elverum"), ("3415", "Sor-Odal"), ("3414", "Nord-Odal"), ("3443", "Vestre Toten"), ("3442", "Ostre Toten"),
    ];

    private static readonly string[] Reasons = ["Did not pass probation", "Moved for family reasons", "Took a job elsewhere", "Contract ended"];

    private readonly DemoDataPlan _plan;
    private readonly Random _random;
    private readonly DemoTalents _talents;
    private readonly List<DemoPartner> _partners = [];
    private readonly List<(Guid Id, string Number)> _members = [];
    private readonly HashSet<int> _hired = [];
    private PriceList[] _prices = [];

    public DemoHistory(DemoDataPlan plan)
    {
        plan.Check();
        _plan = plan;
        _random = DemoIds.RandomFor(plan.Seed, "history", 0);
        _talents = new DemoTalents(plan, [.. Municipalities.Select(m => m.Number)]);
        RegionId = DemoIds.Of(plan.Seed, "region", 0);
    }

    public Guid RegionId { get; }

    public DemoTalents Talents => _talents;

    public IEnumerable<DemoStream> Streams()
    {
        foreach (var stream in Geography()) yield return stream;
        foreach (var stream in MunicipalityMembers()) yield return stream;
        foreach (var stream in Partners()) yield return stream;
        for (var i = 0; i < _plan.Talents; i++)
        {
            var talent = _talents[i];
            yield return new DemoStream(typeof(Talent), talent.Id, [.. talent.Events]);
        }
        for (var i = 0; i < _plan.Vacancies; i++)
        {
            foreach (var stream in Vacancy(i)) yield return stream;
        }
        for (var i = 0; i < _plan.DirectHires; i++)
        {
            foreach (var stream in DirectHire(i)) yield return stream;
        }
    }

    private IEnumerable<DemoStream> Geography()
    {
        var countyId = DemoIds.Of(_plan.Seed, "county", 0);
        var numbers = Municipalities.Select(m => m.Number).ToArray();
        var county = new CountyRegistered(countyId, $"Innlandet (demo {_plan.Seed})", "NO", numbers);
        yield return new DemoStream(typeof(County), countyId, [county]);
        var registration = RegionDecisions.Register(RegionId,
            new RegisterRegion($"Hamar-regionen (demo {_plan.Seed})", countyId, "NO", "NOK", numbers, 200, 10_000), County.Create(county), []);
        var thisYear = new DateOnly(_plan.Until.Year, 1, 1);
        var raised = PriceList.Defaults(thisYear) with { Standard = new PartnerPrice(2_750m, 22_000m), Small = new PartnerPrice(1_100m, 22_000m) };
        _prices = [registration.Prices.PriceList, raised];
        yield return new DemoStream(typeof(Region), RegionId, [registration.Registered, registration.Prices, new PriceListPublished(RegionId, raised)]);
        foreach (var claim in registration.Claims) yield return new DemoStream(typeof(MunicipalityNumberClaim), claim.ClaimId, [claim]);
    }

    private IEnumerable<DemoStream> MunicipalityMembers()
    {
        var first = _plan.From;
        for (var i = 0; i < Municipalities.Length; i++)
        {
            var (number, name) = Municipalities[i];
            var id = DemoIds.Of(_plan.Seed, "municipality", i);
            var population = 2_000 + _random.Next(33_000);
            var events = new List<object>
            {
                new MunicipalityJoined(id, number, name, RegionId, population, first.Year - 1, first.AddDays(_random.Next(60)),
                    i % 3 == 0 ? LicencePayer.RegionalCouncil : LicencePayer.Municipality),
            };
            for (var year = first.Year + 1; year <= _plan.Until.Year; year++)
            {
                population += _random.Next(-300, 600);
                events.Add(new MunicipalityPopulationUpdated(id, RegionId, population, year - 1, new DateOnly(year, 1, 1)));
            }
            if (i == 4) events.Add(new MunicipalityPayerChanged(id, RegionId, LicencePayer.RegionalCouncil, FirstOfMonth(Between(first, _plan.Until))));
            if (i == 5)
            {
                var left = FirstOfMonth(Between(first.AddMonths(3), _plan.Until.AddMonths(-3)));
                events.Add(new MunicipalityLeft(id, RegionId, left, "Budget cuts"));
                events.Add(new MunicipalityRejoined(id, RegionId, left.AddMonths(2)));
            }
            _members.Add((id, number));
            yield return new DemoStream(typeof(Municipality), id, events);
        }
    }

    private IEnumerable<DemoStream> Partners()
    {
        var defaults = _prices[0];
        for (var i = 0; i < _plan.Partners; i++)
        {
            var id = DemoIds.Of(_plan.Seed, "partner", i);
            var founding = i < 3;
            var employees = 5 + _random.Next(_random.Next(3) == 0 ? 40 : 900);
            var tier = defaults.TierFor(founding, employees);
            var joined = founding ? _plan.From : Between(_plan.From, _plan.From.AddDays((_plan.Until.DayNumber - _plan.From.DayNumber) * 2 / 3));
            var committed = founding ? joined.AddMonths(defaults.FoundingCommitmentMonths) : (DateOnly?)null;
            var partner = new DemoPartner(id, joined, tier);
            var events = new List<object> { new PartnerJoined(id, RegionId, $"Demo Industri {i + 1} AS", $"9{_plan.Seed % 100:D2}{i:D6}", employees, tier, joined, committed) };
            if (!founding && _random.Next(10) == 0 && joined.AddMonths(2) < _plan.Until)
            {
                var grown = Math.Max(employees, defaults.SmallCompanyEmployeeThreshold) + 20;
                partner.TierChange = (FirstOfMonth(Between(joined.AddMonths(1), _plan.Until)), PartnerTier.Standard);
                events.Add(new PartnerTierChanged(id, RegionId, PartnerTier.Standard, grown, partner.TierChange.Value.From, null));
            }
            if (!founding && partner.TierChange is null && _random.Next(20) == 0 && joined.AddMonths(4) < _plan.Until)
            {
                partner.CancelledFrom = FirstOfMonth(Between(joined.AddMonths(2), _plan.Until));
                events.Add(new PartnerMembershipCancelled(id, RegionId, partner.CancelledFrom.Value, "Hiring freeze"));
                if (_random.Next(3) == 0 && partner.CancelledFrom.Value.AddMonths(2) < _plan.Until)
                {
                    partner.RejoinedOn = Between(partner.CancelledFrom.Value.AddMonths(1), _plan.Until);
                    events.Add(new PartnerRejoined(id, RegionId, tier, employees, partner.RejoinedOn.Value, null));
                }
            }
            _partners.Add(partner);
            yield return new DemoStream(typeof(Partner), id, events);
        }
    }

    /// <summary>A vacancy, its candidates, and — for most posted by a partner whose deadline has passed — the hire that filled it.</summary>
    private IEnumerable<DemoStream> Vacancy(int number)
    {
        var id = DemoIds.Of(_plan.Seed, "vacancy", number);
        var posted = Between(_plan.From.AddDays(30), _plan.Until);
        var byPartner = _random.Next(10) != 0;
        var partner = byPartner ? MemberOn(posted) : null;
        byPartner = partner is not null;
        var (kind, employer) = byPartner ? (EmployerKind.Partner, partner!.Id) : (EmployerKind.Municipality, _members[_random.Next(_members.Count)].Id);
        var talent = _talents[TalentRegisteredBefore(posted)];
        var area = talent.Profile.CompetenceAreas[0];
        var municipality = Municipalities[_random.Next(Municipalities.Length)].Number;
        var deadline = posted.AddDays(21 + _random.Next(40));
        var details = new VacancyDetails($"{area} specialist", $"Join our {area.ToLowerInvariant()} team in {municipality}.", area, municipality,
            1 + _random.Next(3), deadline, ["en"]);
        var postedAt = At(posted);
        var events = new List<object> { new VacancyPosted(id, kind, employer, RegionId, details, postedAt) };

        var filled = byPartner && deadline < _plan.Until && _random.Next(10) < 6;
        var candidates = 1 + _random.Next(4);
        var introducedTalents = new HashSet<int>();
        var candidacies = new List<DemoStream>();
        DemoStream? hire = null;
        for (var c = 0; c < candidates; c++)
        {
            var talentNumber = TalentRegisteredBefore(posted);
            var candidate = _talents[talentNumber];
            if (!(kind == EmployerKind.Partner ? candidate.SharesWithPartners : candidate.SharesWithMunicipalities) || !introducedTalents.Add(talentNumber)) continue;
            var candidacyId = Candidacy.IdFor(id, candidate.Id);
            var introducedAt = postedAt.AddDays(1 + _random.Next(10));
            var stages = new List<object> { new CandidateIntroduced(candidacyId, id, candidate.Id, kind, employer, introducedAt) };
            var isHired = filled && hire is null && c == candidates - 1 && !_hired.Contains(talentNumber) && partner!.IsMemberOn(deadline);
            var reached = isHired ? CandidateStage.Accepted : (CandidateStage)_random.Next(1, 4);
            for (var stage = CandidateStage.Screening; stage <= reached; stage++)
            {
                stages.Add(new CandidateMovedToStage(candidacyId, kind, employer, stage, introducedAt.AddDays(3 * (int)stage)));
            }
            if (!isHired && deadline < _plan.Until && _random.Next(2) == 0)
            {
                stages.Add(new CandidateRejected(candidacyId, kind, employer, "Another candidate was a closer match", At(deadline)));
            }
            candidacies.Add(new DemoStream(typeof(Candidacy), candidacyId, stages));
            if (isHired) hire = Hire(DemoIds.Of(_plan.Seed, "vacancy-hire", number), talentNumber, partner!, id, deadline, municipality);
        }
        if (deadline < _plan.Until)
        {
            var closure = hire is not null ? VacancyClosure.Filled : _random.Next(2) == 0 ? VacancyClosure.Expired : VacancyClosure.Withdrawn;
            events.Add(new VacancyClosed(id, kind, employer, closure, At(deadline).AddDays(1)));
        }
        yield return new DemoStream(typeof(Vacancy), id, events);
        foreach (var candidacy in candidacies) yield return candidacy;
        if (hire is not null) yield return hire;
    }

    /// <summary>A hire with no vacancy: most of a talent's first job, some an internal move from another member.</summary>
    private IEnumerable<DemoStream> DirectHire(int number)
    {
        var hiredOn = Between(_plan.From.AddDays(60), _plan.Until);
        var partner = MemberOn(hiredOn);
        if (partner is null) yield break;
        var talentNumber = TalentRegisteredBefore(hiredOn.AddDays(-30));
        if (!_hired.Add(talentNumber)) yield break;
        var workplace = _random.Next(5) == 0 ? null : Municipalities[_random.Next(Municipalities.Length)].Number;
        var hireId = DemoIds.Of(_plan.Seed, "hire", number);

        // An internal hire: the talent still works for another member when hired, and leaves that job for this one.
        var previous = _random.Next(8) == 0 ? MemberOn(hiredOn.AddMonths(-8)) : null;
        if (previous is not null && previous != partner && previous.IsMemberOn(hiredOn))
        {
            var firstHired = hiredOn.AddMonths(-8);
            var first = Hire(DemoIds.Of(_plan.Seed, "earlier-hire", number), talentNumber, previous, null, firstHired, workplace, endsBy: false);
            var startsOn = hiredOn.AddDays(30);
            var firstStart = ((HireRecorded)first.Events[0]).StartsOn;
            var ended = new EmploymentEnded(first.Id, previous.Id, RegionId, firstStart, workplace, startsOn.AddDays(-1), false, "Moved to another member");
            yield return first with { Events = [first.Events[0], ended] };
            yield return Hire(hireId, talentNumber, partner, null, hiredOn, workplace, previousEmployer: previous.Id);
            yield break;
        }
        yield return Hire(hireId, talentNumber, partner, null, hiredOn, workplace);
    }

    private DemoStream Hire(
        Guid hireId, int talentNumber, DemoPartner partner, Guid? vacancyId, DateOnly hiredOn, string? workplace,
        Guid? previousEmployer = null, bool endsBy = true)
    {
        _hired.Add(talentNumber);
        var talent = _talents[talentNumber];
        var startsOn = hiredOn.AddDays(14 + _random.Next(45));
        var prices = _prices.InForceOn(hiredOn)!;
        var fee = Money.Billed(prices.For(partner.TierOn(hiredOn)).HireFee, prices.Currency);
        var profile = talent.Profile;
        var classification = previousEmployer is not null ? HireClassification.Internal
            : profile.CountryOfResidence == "NO" && (profile.MunicipalityOfResidence is null || Municipalities.Any(m => m.Number == profile.MunicipalityOfResidence))
                ? HireClassification.Local : HireClassification.External;
        var events = new List<object>
        {
            new HireRecorded(hireId, talent.Id, partner.Id, RegionId, vacancyId, hiredOn, startsOn, classification, previousEmployer, fee,
                profile.CountryOfResidence, profile.CompetenceAreas, At(hiredOn), profile.AccompanyingPartner is not null, workplace),
        };
        if (!endsBy) return new DemoStream(typeof(Hire), hireId, events);

        var roll = _random.Next(100);
        if (roll < 5 && startsOn.AddDays(30) < _plan.Until)
        {
            var cancelledOn = Between(startsOn, startsOn.AddDays(30));
            events.Add(new HireCancelled(hireId, partner.Id, RegionId, startsOn, workplace, cancelledOn, Reasons[0], fee));
            return new DemoStream(typeof(Hire), hireId, events);
        }
        if (profile.AccompanyingPartner is { } plusOne && _random.Next(100) < 45 && startsOn.AddDays(60) < _plan.Until)
        {
            Guid? employer = _random.Next(3) == 0 ? null : _partners[_random.Next(_partners.Count)].Id;
            events.Add(new AccompanyingPartnerEmployed(hireId, partner.Id, RegionId, startsOn, workplace,
                Between(startsOn.AddDays(20), startsOn.AddDays(60)), employer, plusOne.Occupation));
        }
        if (roll >= 85 && startsOn.AddMonths(4) < _plan.Until)
        {
            var endedOn = Between(startsOn.AddMonths(3), _plan.Until);
            events.Add(new EmploymentEnded(hireId, partner.Id, RegionId, startsOn, workplace, endedOn, _random.Next(5) < 2, Reasons[1 + _random.Next(3)]));
        }
        return new DemoStream(typeof(Hire), hireId, events);
    }

    /// <summary>A talent registered at least a day before <paramref name="day"/> (talents register in number order).</summary>
    private int TalentRegisteredBefore(DateOnly day)
    {
        var share = (double)(day.DayNumber - 1 - _plan.From.DayNumber) / (_plan.Until.DayNumber - _plan.From.DayNumber);
        var registered = Math.Clamp((int)(share * _plan.Talents) - 1, 1, _plan.Talents);
        return _random.Next(registered);
    }

    private DemoPartner? MemberOn(DateOnly day)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var partner = _partners[_random.Next(_partners.Count)];
            if (partner.IsMemberOn(day)) return partner;
        }
        return _partners.FirstOrDefault(p => p.IsMemberOn(day));
    }

    private DateOnly Between(DateOnly from, DateOnly to) => to <= from ? from : from.AddDays(_random.Next(to.DayNumber - from.DayNumber));

    private static DateOnly FirstOfMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1);

    private DateTimeOffset At(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddMinutes(_random.Next(540));

    private sealed class DemoPartner(Guid id, DateOnly joinedOn, PartnerTier tier)
    {
        public Guid Id { get; } = id;
        public (DateOnly From, PartnerTier Tier)? TierChange { get; set; }
        public DateOnly? CancelledFrom { get; set; }
        public DateOnly? RejoinedOn { get; set; }

        public bool IsMemberOn(DateOnly day) =>
            day >= joinedOn && (CancelledFrom is not { } cancelled || day < cancelled || (RejoinedOn is { } rejoined && day >= rejoined));

        public PartnerTier TierOn(DateOnly day) => TierChange is { } change && day >= change.From ? change.Tier : tier;
    }
}
