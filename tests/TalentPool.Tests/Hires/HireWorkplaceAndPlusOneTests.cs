using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Billing;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Hires;

/// <summary>A hire records whether the talent came with a "+1" and where the job is: the grouping keys of region metrics.</summary>
public class HireWorkplaceAndPlusOneTests
{
    private readonly BillingWorld _world = new();
    private static readonly DateOnly March = Day(2026, 3, 2);

    private static TalentHistory Talent(AccompanyingPartner? plusOne) => new(global::TalentPool.Talents.Talent.Create(TalentDecisions.Register(
        TalentRequests.Registration() with { AccompanyingPartner = plusOne }, Guid.NewGuid(), DateTimeOffset.UnixEpoch)), [], []);

    private VacancyView Vacancy(string municipality, Guid? regionId = null) => new(Guid.NewGuid(), EmployerKind.Partner, Guid.NewGuid(),
        regionId ?? _world.Hamarregionen.Id, new VacancyDetails("Nurse", "Nights", "Nursing", municipality, 1, March.AddDays(30), ["en"]),
        VacancyStatus.Open, null, DateTimeOffset.UnixEpoch, null);

    private HireRecorded Record(TalentHistory talent, string? workplace = null, VacancyView? vacancy = null)
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        var command = new RecordHire(talent.Talent.Id, partner.Id, March, vacancy?.Id, March, workplace);
        return HireDecisions.Record(Guid.NewGuid(), command, March, talent, partner, _world.Hamarregionen, DateTimeOffset.UnixEpoch, vacancy);
    }

    [Fact]
    public void A_hire_says_whether_the_talents_profile_named_an_accompanying_partner()
    {
        Record(Talent(new AccompanyingPartner("Teacher"))).TalentHasAccompanyingPartner.ShouldBe(true);
        Record(Talent(null)).TalentHasAccompanyingPartner.ShouldBe(false);
    }

    [Fact]
    public void The_workplace_is_the_vacancys_municipality_when_the_hire_names_a_vacancy()
    {
        Record(Talent(null), vacancy: Vacancy("3405")).WorkplaceMunicipality.ShouldBe("3405");
        Record(Talent(null), "3405", Vacancy("3405")).WorkplaceMunicipality.ShouldBe("3405");
    }

    [Fact]
    public void Without_a_vacancy_the_workplace_is_the_one_given_or_unknown()
    {
        Record(Talent(null), "3411").WorkplaceMunicipality.ShouldBe("3411");
        Record(Talent(null)).WorkplaceMunicipality.ShouldBeNull();
    }

    [Fact]
    public void A_workplace_outside_the_region_or_other_than_the_vacancys_is_refused()
    {
        Should.Throw<RuleViolation>(() => Record(Talent(null), "0301")).Message.ShouldContain("0301");
        Should.Throw<RuleViolation>(() => Record(Talent(null), "3411", Vacancy("3405"))).Message.ShouldContain("3405");
        Should.Throw<RuleViolation>(() => Record(Talent(null), vacancy: Vacancy("3407", _world.Gjovik.Id))).Message.ShouldContain("another region");
    }

    [Fact]
    public void The_later_events_of_a_hire_carry_its_start_and_workplace()
    {
        var hire = Hire.Create(Record(Talent(null), "3411"));

        HireDecisions.Cancel(hire, new CancelHire(March.AddDays(10), "Probation")).ShouldSatisfyAllConditions(
            c => c.StartsOn.ShouldBe(March), c => c.WorkplaceMunicipality.ShouldBe("3411"));
        HireDecisions.End(hire, new EndEmployment(March.AddDays(10), true, "Moved")).ShouldSatisfyAllConditions(
            e => e.StartsOn.ShouldBe(March), e => e.WorkplaceMunicipality.ShouldBe("3411"));
        HireDecisions.RecordAccompanyingPartnerEmployed(hire, new RecordAccompanyingPartnerEmployment(March.AddDays(10), "Teacher"))
            .ShouldSatisfyAllConditions(e => e.StartsOn.ShouldBe(March), e => e.WorkplaceMunicipality.ShouldBe("3411"));
    }
}
