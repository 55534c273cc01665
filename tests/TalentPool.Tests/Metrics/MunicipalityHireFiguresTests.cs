using TalentPool.Hires;
using TalentPool.Metrics;
using static TalentPool.Hires.HireClassification;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The figures of the hires located in a municipality, worked by hand from dated facts (no database). Today is 2026-11-25.
/// <code>
/// hire  class     hired       starts      "+1"     afterwards
/// h1    External  2026-11-03  2026-11-16  yes      -
/// h2    Internal  2026-11-10  2026-11-10  no       -
/// h3    Local     2025-11-20  2025-12-01  no       -
/// h4    External  2025-11-28  2025-11-25  no       left the region on 2026-11-25 (its 12-month mark)
/// h5    External  2026-02-01  2026-08-25  unknown  -
/// h6    External  2026-03-01  2026-05-25  yes      the "+1" found work on 2026-06-01; employment ended inside the region on 2026-07-01
/// h7    External  2025-06-01  2025-06-01  yes      the "+1" found work on 2025-07-01; cancelled on 2025-08-01
/// h8    External  2025-03-01  2025-04-01  no       left the region on 2025-10-01 (its 6-month mark)
/// h9    External  2026-08-20  2026-08-26  yes      -
/// h10   External  2024-09-01  2024-10-01  no       -
/// </code>
/// </summary>
public sealed class MunicipalityHireFiguresTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static MunicipalityHireFact Hire(HireClassification classification, DateOnly hiredOn, DateOnly startsOn, bool? plusOne = false) =>
        new(hiredOn, startsOn, classification, plusOne, null, null, null);

    // The municipality's counts of these hires, each counted as the projection counts its hire's events.
    private static MunicipalityHireCounts Facts(params MunicipalityHireFact[] hires) => MunicipalityHireCounts.Of(Guid.NewGuid(), "3403", hires);

    private static readonly MunicipalityHireCounts Worked = Facts(
        Hire(External, Day(2026, 11, 3), Day(2026, 11, 16), plusOne: true),
        Hire(HireClassification.Internal, Day(2026, 11, 10), Day(2026, 11, 10)),
        Hire(Local, Day(2025, 11, 20), Day(2025, 12, 1)),
        Hire(External, Day(2025, 11, 28), Day(2025, 11, 25)) with { LeftRegionOn = Day(2026, 11, 25) },
        Hire(External, Day(2026, 2, 1), Day(2026, 8, 25), plusOne: null),
        Hire(External, Day(2026, 3, 1), Day(2026, 5, 25), plusOne: true) with { AccompanyingPartnerEmployedOn = Day(2026, 6, 1) },
        Hire(External, Day(2025, 6, 1), Day(2025, 6, 1), plusOne: true) with
        {
            AccompanyingPartnerEmployedOn = Day(2025, 7, 1), CancelledOn = Day(2025, 8, 1),
        },
        Hire(External, Day(2025, 3, 1), Day(2025, 4, 1)) with { LeftRegionOn = Day(2025, 10, 1) },
        Hire(External, Day(2026, 8, 20), Day(2026, 8, 26), plusOne: true),
        Hire(External, Day(2024, 9, 1), Day(2024, 10, 1)));

    [Fact]
    public void Hires_located_there_this_month_and_this_year_are_counted_against_the_same_days_last_year_cancelled_ones_left_out()
    {
        var figures = MunicipalityHireFigures.Compute(Worked, Today);

        figures.AsOf.ShouldBe(Today);
        // 1-25 November 2026: h1, h2; 1-25 November 2025: h3 (h4 was hired on the 28th).
        figures.ThisMonth.ShouldBe(new HiresAgainstLastYear(Day(2026, 11, 1), Today, 2, 1));
        // 2026 so far: h1, h2, h5, h6, h9; 1 January-25 November 2025: h3, h8 (h7 was cancelled, h4 came after the 25th).
        figures.ThisYear.ShouldBe(new HiresAgainstLastYear(Day(2026, 1, 1), Today, 5, 2));
        figures.ByClassification.ShouldBe([
            new ClassifiedHiresAgainstLastYear(External,
                new HiresAgainstLastYear(Day(2026, 11, 1), Today, 1, 0), new HiresAgainstLastYear(Day(2026, 1, 1), Today, 4, 1)),
            new ClassifiedHiresAgainstLastYear(HireClassification.Internal,
                new HiresAgainstLastYear(Day(2026, 11, 1), Today, 1, 0), new HiresAgainstLastYear(Day(2026, 1, 1), Today, 1, 0)),
            new ClassifiedHiresAgainstLastYear(Local,
                new HiresAgainstLastYear(Day(2026, 11, 1), Today, 0, 1), new HiresAgainstLastYear(Day(2026, 1, 1), Today, 0, 1)),
        ]);
    }

    [Fact]
    public void Newcomers_are_the_external_hires_and_count_once_their_start_is_N_months_ago_still_in_the_region_unless_they_left_by_the_mark()
    {
        var figures = MunicipalityHireFigures.Compute(Worked, Today);

        // 3 months (started by 2026-08-25: h5 exactly then, not h9 a day later): h4 h5 h6 h8 h10, none had left by its mark.
        // 6 months (started by 2026-05-25: h6 exactly then): h4 h6 h8 h10; h8 left on its mark day, h6 ended inside the region.
        // 12 months (started by 2025-11-25: h4 exactly then): h4 h8 h10; h4 left on its mark day, h8 before it.
        figures.NewcomersStillInRegion.ShouldBe([
            new NewcomersStillInRegion(3, 5, 5, 1m),
            new NewcomersStillInRegion(6, 4, 3, 0.75m),
            new NewcomersStillInRegion(12, 3, 1, 0.3333m),
        ]);
    }

    [Fact]
    public void Plus_one_employment_counts_placements_whose_talent_had_a_partner_and_leaves_the_unknown_ones_out()
    {
        var figures = MunicipalityHireFigures.Compute(Worked, Today);

        // With a "+1": h1, h6, h9 (h7 was cancelled); h6's found work. h5's is unknown: left out, and said so.
        figures.AccompanyingPartnerEmployment.ShouldBe(new AccompanyingPartnerEmployment(3, 1, 0.3333m, UnknownLeftOut: 1));
    }

    [Fact]
    public void A_day_before_the_mark_a_newcomer_is_not_yet_counted_and_the_day_after_leaving_on_it_counts_as_stayed()
    {
        var startsOn = Day(2026, 8, 25);
        MunicipalityHireFigures.Compute(Facts(Hire(External, startsOn, startsOn)), Day(2026, 11, 24))
            .NewcomersStillInRegion[0].ShouldBe(new NewcomersStillInRegion(3, 0, 0, null));

        var leftTheDayAfter = Hire(External, startsOn, startsOn) with { LeftRegionOn = Day(2026, 11, 26) };
        MunicipalityHireFigures.Compute(Facts(leftTheDayAfter), Day(2026, 11, 25))
            .NewcomersStillInRegion[0].ShouldBe(new NewcomersStillInRegion(3, 1, 1, 1m));
    }

    [Fact]
    public void Local_and_internal_hires_are_no_newcomers()
    {
        var longAgo = Day(2025, 1, 1);
        var figures = MunicipalityHireFigures.Compute(
            Facts(Hire(Local, longAgo, longAgo), Hire(HireClassification.Internal, longAgo, longAgo)), Today);

        figures.NewcomersStillInRegion.ShouldAllBe(n => n.Newcomers == 0 && n.Share == null);
    }

    [Fact]
    public void A_municipality_with_no_hire_located_there_shows_zeros_and_no_shares()
    {
        var figures = MunicipalityHireFigures.Compute(Facts(), Today);

        figures.ThisYear.ShouldBe(new HiresAgainstLastYear(Day(2026, 1, 1), Today, 0, 0));
        figures.ByClassification.Select(c => c.Classification).ShouldBe([External, HireClassification.Internal, Local]);
        figures.NewcomersStillInRegion.Select(n => n.Months).ShouldBe([3, 6, 12]);
        figures.AccompanyingPartnerEmployment.ShouldBe(new AccompanyingPartnerEmployment(0, 0, null, 0));
    }

    [Fact]
    public async Task The_projection_counts_a_hires_later_events_by_the_hire_they_follow_and_keeps_no_talent()
    {
        var (regionId, partnerId, hireId, talentId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var fee = new Common.Money(20_000m, "NOK");
        var startsOn = Day(2026, 1, 5);
        var recorded = new HireRecorded(hireId, talentId, partnerId, regionId, null, Day(2026, 1, 2), startsOn, External, null, fee, "IN",
            ["Nursing"], DateTimeOffset.UnixEpoch, true, "3403");
        var projection = new MunicipalityHireCountsProjection();
        var sequence = 0L;
        // Each event as the daemon hands it over after looking its hire up (HireFactContext): no session is needed.
        async Task<MunicipalityHireCounts?> Apply(MunicipalityHireCounts? counts, object fact, DateOnly? employedBefore = null) =>
            await projection.EvolveAsync(counts, MunicipalityHireCounts.IdFor(regionId, "3403"), null!,
                new JasperFx.Events.Event<HireFactInContext>(new HireFactInContext(fact, ++sequence, recorded, employedBefore, null)) { Sequence = sequence },
                CancellationToken.None);

        var counts = await Apply(null, recorded);
        counts = await Apply(counts, new AccompanyingPartnerEmployed(hireId, partnerId, regionId, startsOn, "3403", Day(2026, 2, 1), null, "Teacher"));
        counts = await Apply(counts, new EmploymentEnded(hireId, partnerId, regionId, startsOn, "3403", Day(2026, 3, 1), false, "Another job in the region"));

        counts.ShouldNotBeNull().Id.ShouldBe($"{regionId}/3403");
        CountsJson.Of(counts).ShouldBe(CountsJson.Of(MunicipalityHireCounts.Of(regionId, "3403",
            [new MunicipalityHireFact(Day(2026, 1, 2), startsOn, External, true, AccompanyingPartnerEmployedOn: Day(2026, 2, 1))])));
        CountsJson.Of(counts).ShouldNotContain(talentId.ToString());
        CountsJson.Of(counts).ShouldNotContain(hireId.ToString());

        counts = await Apply(counts, new HireCancelled(hireId, partnerId, regionId, startsOn, "3403", Day(2026, 4, 1), "Probation", fee), Day(2026, 2, 1));
        CountsJson.Of(counts!).ShouldBe(CountsJson.Of(MunicipalityHireCounts.Of(regionId, "3403",
            [new MunicipalityHireFact(Day(2026, 1, 2), startsOn, External, true, Day(2026, 4, 1), AccompanyingPartnerEmployedOn: Day(2026, 2, 1))])));
        MunicipalityHireFigures.Compute(counts!, Day(2026, 11, 25)).ThisYear.Hires.ShouldBe(0);
    }
}
