using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Metrics;
using TalentPool.Talents;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>
/// The figures of <see cref="TwoYearsOfARegion"/>, worked out by hand from the story, never computed by the code under
/// test. Where PRODUCT.md's definition leaves a choice, the reading taken is stated beside the figures.
/// <code>
/// The hires (hire date → start; classification as the talent's place on the hire date says; vacancy and its municipality)
/// h1  Ana  by A  2025-03-03 → 03-17  external (PL)               vA1 3403  +1 works from 2025-05-12
/// h2  Cy   by A  2025-03-10 → 04-07  local (lives in Hamar)      -         ended 2025-12-01, stays (moves to B)
/// h3  Bo   by C  2025-04-07 → 05-05  external (SE)               vC1 3407  ended 2025-11-14, LEFT the region
/// h4  Dara by C  2025-05-19 → 06-02  external (IN)               vC1 3407  ended 2026-08-03, stays (moves to A)
/// h5  Eli  by B  2025-06-02 → 06-09  external (ES)               vB1 3403  CANCELLED 2025-06-27 (probation)
/// h6  Fay  by B  2025-06-16 → 07-07  external (PH)               vB1 3403  +1 works from 2025-09-01; LEFT 2026-04-15
/// h7  Gus  by A  2025-09-01 → 09-15  external (Lillehammer 3405) vA2 3411  LEFT 2026-03-13
/// h8  Hana by C  2025-10-06 → 10-20  external (UA)               -         +1 works from 2026-01-12; Hana erased 2026-10-12
/// h9  Cy   by B  2025-11-03 → 12-01  INTERNAL (A employs Cy)     vB2 3403  ended 2026-05-04, stays (moves to D)
/// h10 Ivo  by A  2026-02-09 → 02-23  external (HR)               vA3 3403  +1 works from 2026-04-20
/// h11 Jun  by C  2026-02-09 → 03-02  local (lives in Gjøvik)     vC2 3407
/// h12 Cy   by D  2026-04-06 → 05-04  INTERNAL (B employs Cy)     vD1 3411
/// h13 Kai  by D  2026-04-13 → 05-04  external (DE)               vD1 3411  LEFT 2026-09-18
/// h14 Lea  by A  2026-06-01 → 06-15  external (PL)               -         +1 works from 2026-09-14
/// h15 Dara by A  2026-07-06 → 08-03  INTERNAL (C employs Dara)   vA4 3403
/// h16 Mo   by D  2026-09-07 → 09-21  local (lives in Hamar)      -
/// h17 Nia  by C  2026-10-05 → 11-02  external (KE)               vC3 3407  has a +1 who finds no work
/// h18 Oli  by A  2026-12-01 → 2027-01-04 external (US)           -         not started by the end
/// h19 Wen  by B  2026-07-06 → 07-13  external (CN)               -         moves to Gjøvik 07-13; ended 2026-12-07, stays (moves to C)
/// h20 Wen  by C  2026-11-09 → 12-07  local (lives in Gjøvik)     -         NOT internal: B still employs Wen, but is no member since 07-16
/// Talents with a "+1" who were hired: Ana, Fay, Hana, Ivo, Lea, Nia. Never hired: 10 of the 26 talents.
/// </code>
/// </summary>
public static class Expected
{
    public static readonly DateOnly EndOf2025 = new(2025, 12, 31), MidOf2026 = new(2026, 6, 30), EndOf2026 = new(2026, 12, 31);

    // ---------------------------------------------------------------------------------------------------------------
    // Region monthly metrics, 2025-01..2026-12, monthly target 200 (the default). Hires count in their hire date's month
    // as recorded (h5's later cancellation leaves it in June 2025); departures in their end date's month; net = external − left.
    public static readonly RegionMonthFigures[] Months =
    [
        Quiet("2025-01"), Quiet("2025-02"),
        // h1 external (Ana, PL), h2 local (Cy lives in Hamar): 0 internal of 2 → 0; net 1 − 0.
        new("2025-03", Hires: 2, 200, false, External: 1, Internal: 0, Local: 1, CannibalisationRate: 0m, PlacedTalentsWhoLeftRegion: 0, NetTalentInflow: 1),
        new("2025-04", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h3 Bo (SE)
        new("2025-05", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h4 Dara (IN)
        new("2025-06", 2, 200, false, 2, 0, 0, 0m, 0, 2), // h5 Eli (ES, cancelled later), h6 Fay (PH)
        Quiet("2025-07"), Quiet("2025-08"),
        new("2025-09", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h7 Gus lives in Lillehammer, outside the region: external
        new("2025-10", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h8 Hana (UA)
        // h9: B hires Cy while A employs Cy → internal, 1 of 1; Bo left on the 14th: net 0 − 1.
        new("2025-11", 1, 200, false, 0, 1, 0, 1m, 1, -1),
        Quiet("2025-12"), // h2 ends on the 1st, Cy staying in the region: no departure
        Quiet("2026-01"),
        new("2026-02", 2, 200, false, 1, 0, 1, 0m, 0, 1), // h10 Ivo (HR) external, h11 Jun (lives in Gjøvik) local
        new("2026-03", 0, 200, false, 0, 0, 0, null, 1, -1), // Gus left on the 13th
        // h12: D hires Cy while B employs Cy → internal; h13 Kai (DE) external: 1 of 2 → 0.5; Fay left on the 15th: net 1 − 1.
        new("2026-04", 2, 200, false, 1, 1, 0, 0.5m, 1, 0),
        Quiet("2026-05"),
        new("2026-06", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h14 Lea (PL)
        // h15: A hires Dara while C employs Dara → internal; h19 Wen (CN) external: 1 of 2 → 0.5; net 1 − 0.
        new("2026-07", 2, 200, false, 1, 1, 0, 0.5m, 0, 1),
        Quiet("2026-08"),
        new("2026-09", 1, 200, false, 0, 0, 1, 0m, 1, -1), // h16 Mo (lives in Hamar) local; Kai left on the 18th
        new("2026-10", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h17 Nia (KE)
        new("2026-11", 1, 200, false, 0, 0, 1, 0m, 0, 0), // h20 Wen: B, her employer, is no member any more → not internal; local
        new("2026-12", 1, 200, false, 1, 0, 0, 0m, 0, 1), // h18 Oli (US), starting in January
    ];

    private static RegionMonthFigures Quiet(string month) => new(month, 0, 200, false, 0, 0, 0, null, 0, 0);

    // 2025: 9 hires (7 external: h1 h3 h4 h5 h6 h7 h8; 1 internal: h9; 1 local: h2) → 1/9 = 0.1111; Bo left: net 7 − 1 = 6.
    public static readonly RegionPeriodFigures Year2025 = new("2025-01", "2025-12", 9, 2400, 7, 1, 1, 0.1111m, 1, 6);
    // 2026: 11 hires (6 external: h10 h13 h14 h17 h18 h19; 2 internal: h12 h15; 3 local: h11 h16 h20) → 2/11 = 0.1818; Gus,
    // Fay, Kai left: net 6 − 3 = 3.
    public static readonly RegionPeriodFigures Year2026 = new("2026-01", "2026-12", 11, 2400, 6, 2, 3, 0.1818m, 3, 3);
    // Both years: 20 hires, 13 external, 3 internal, 4 local → 3/20 = 0.15; 4 left: net 13 − 4 = 9; target 24 × 200.
    public static readonly RegionPeriodFigures BothYears = new("2025-01", "2026-12", 20, 4800, 13, 3, 4, 0.15m, 4, 9);

    // Hires per month: only months with a hire, a cancellation or a departure have a document (March 2026: Gus's departure
    // alone); h5 is counted once recorded (June 2025) and once cancelled (June 2025).
    public static readonly HiresInMonth[] HiresPerMonth =
    [
        new("2025-03", Recorded: 2, External: 1, Internal: 0, Local: 1, Cancelled: 0),
        new("2025-04", 1, 1, 0, 0, 0),
        new("2025-05", 1, 1, 0, 0, 0),
        new("2025-06", 2, 2, 0, 0, 1),
        new("2025-09", 1, 1, 0, 0, 0),
        new("2025-10", 1, 1, 0, 0, 0),
        new("2025-11", 1, 0, 1, 0, 0),
        new("2026-02", 2, 1, 0, 1, 0),
        new("2026-03", 0, 0, 0, 0, 0),
        new("2026-04", 2, 1, 1, 0, 0),
        new("2026-06", 1, 1, 0, 0, 0),
        new("2026-07", 2, 1, 1, 0, 0),
        new("2026-09", 1, 0, 0, 1, 0),
        new("2026-10", 1, 1, 0, 0, 0),
        new("2026-11", 1, 0, 0, 1, 0),
        new("2026-12", 1, 1, 0, 0, 0),
    ];

    // ---------------------------------------------------------------------------------------------------------------
    // Partner dashboards. A: vA1 posted 2025-01-15 (filled 03-03), vA2 2025-08-04 (filled 2026-01-05), vA3 2026-01-05
    // (filled 02-09), vA4 2026-05-04 (open, 2 positions). Days to hire: h1 47 (01-15 → 03-03), h7 28 (08-04 → 09-01),
    // h10 35 (01-05 → 02-09), h15 63 (05-04 → 07-06).
    public static readonly PartnerDashboardFigures PartnerAAtEndOf2025 = new(
        EndOf2025,
        OpenVacancies: 1, // vA2
        CandidatesPerStage: Stages(screening: 1, accepted: 1), // vA2: Vik at Screening, Gus moved to Accepted when hired
        HiresThisMonth: new(new(2025, 12, 1), EndOf2025, 0, 0),
        HiresThisYear: new(new(2025, 1, 1), EndOf2025, 3, 0), // h1 h2 h7
        FeesThisYear: new Money(60_000m, "NOK"), // 3 × 20,000 (Standard, 2025 price list)
        MedianDaysToHire: 37.5m, // 28 and 47
        // 3 months: h1 h2 h7 started by 2025-09-30, none had left 3 months on; 6 months: h1 h2; 12 months: none yet.
        Retention: [new(3, 3, 3, 1m), new(6, 2, 2, 1m), new(12, 0, 0, null)],
        InternalHires: new(MadeThisYear: 0, MadeInAll: 0, LostThisYear: 1, LostInAll: 1)); // lost Cy to B (h9)

    public static readonly PartnerDashboardFigures PartnerAAtEndOf2026 = new(
        EndOf2026,
        OpenVacancies: 1, // vA4
        CandidatesPerStage: Stages(screening: 1), // vA4: Zed (Dara was hired against it without being introduced)
        HiresThisMonth: new(new(2026, 12, 1), EndOf2026, 1, 0), // h18; December 2025: none
        HiresThisYear: new(new(2026, 1, 1), EndOf2026, 4, 3), // h10 h14 h15 h18; 2025: h1 h2 h7
        FeesThisYear: new Money(100_000m, "NOK"), // 4 × 25,000 (Standard, 2026 price list)
        MedianDaysToHire: 41m, // 28 35 47 63 → (35 + 47) / 2
        // 3 months (started by 2026-09-30): h1 h2 h7 h10 h14 h15, all still there 3 months on (Gus left after 6);
        // 6 months (by 2026-06-30): h1 h2 h7 h10 h14, Gus had left by 2026-03-15 → 4/5;
        // 12 months (by 2025-12-31): h1 h2 h7 → 2/3 (h2 ended without leaving the region: retained).
        Retention: [new(3, 6, 6, 1m), new(6, 5, 4, 0.8m), new(12, 3, 2, 0.6667m)],
        InternalHires: new(MadeThisYear: 1, MadeInAll: 1, LostThisYear: 0, LostInAll: 1)); // made h15 (Dara from C)

    // C (Small: 20,000 a hire in both years): vC1 2025-02-03 (h3 63 days, h4 105), vC2 2026-01-12 (h11 28), vC3 2026-09-01
    // (h17 34, still open: Nia left at Offer, Yara at Interview); h20 (Wen) names no vacancy and starts in December, too
    // late for any retention figure. Hana's erasure changes none of it.
    public static readonly PartnerDashboardFigures PartnerCAtEndOf2026 = new(
        EndOf2026,
        OpenVacancies: 1,
        CandidatesPerStage: Stages(interview: 1, offer: 1),
        HiresThisMonth: new(new(2026, 12, 1), EndOf2026, 0, 0),
        HiresThisYear: new(new(2026, 1, 1), EndOf2026, 3, 3), // h11 h17 h20; 2025: h3 h4 h8
        FeesThisYear: new Money(60_000m, "NOK"),
        MedianDaysToHire: 48.5m, // 28 34 63 105 → (34 + 63) / 2
        // 3 and 6 months: h3 h4 h8 h11, Bo left after 6 months (11-14 > 11-05); 12 months: h3 h4 h8, Bo had left → 2/3.
        Retention: [new(3, 4, 4, 1m), new(6, 4, 4, 1m), new(12, 3, 2, 0.6667m)],
        InternalHires: new(MadeThisYear: 0, MadeInAll: 0, LostThisYear: 1, LostInAll: 1)); // lost Dara to A (h15)

    private static IReadOnlyList<CandidatesAtStage> Stages(int introduced = 0, int screening = 0, int interview = 0, int offer = 0, int accepted = 0) =>
    [
        new(CandidateStage.Introduced, introduced), new(CandidateStage.Screening, screening), new(CandidateStage.Interview, interview),
        new(CandidateStage.Offer, offer), new(CandidateStage.Accepted, accepted),
    ];

    // ---------------------------------------------------------------------------------------------------------------
    // The shared base. A consent lasts 12 months: at noon of a checkpoint, a consent is in force when given after noon of the
    // same day a year before. Consents: given at registration unless said; Pia withdrew Partners (2025-08-04), Sol both
    // (2025-10-06); Tam gave both on 2025-09-01; Cy renewed both on 2026-01-12, Hana on 2026-01-20, Uma Partners only on
    // 2026-07-06; Hana was erased on 2026-10-12. Eli, Kai and Zed share with partners only, Mo with municipalities only.
    public sealed record SharedBase(int WithPartners, int WithMunicipalities);

    public static readonly Dictionary<DateOnly, SharedBase> SharedBaseAt = new()
    {
        // Registered in 2025 (17): all in force but Sol's (withdrawn); less Pia with partners, less Eli with municipalities.
        [EndOf2025] = new(WithPartners: 15, WithMunicipalities: 15),
        // Given after 2025-06-30: Tam Uma Vik Wen Ivo Jun, Cy Hana (renewed), Kai Xe Lea Yara (2026) → 12; without Kai: 11.
        [MidOf2026] = new(WithPartners: 12, WithMunicipalities: 11),
        // Given after 2025-12-31: Cy (renewed), Uma (renewed, partners only), Kai Xe Lea Yara Nia Zed Oli Alma → 10;
        // with municipalities: Cy Xe Lea Yara Nia Mo Oli Alma → 8.
        [EndOf2026] = new(WithPartners: 10, WithMunicipalities: 8),
    };

    // Partners' view at the end of 2025: Ana moved to Hamar (NO) in April, so she counts as NO now.
    public static readonly FacetCount[] CountriesWithPartnersAtEndOf2025 =
        [new("NO", 4), new("IN", 3), new("PH", 2), new("UA", 2), new("CN", 1), new("ES", 1), new("HR", 1), new("SE", 1)];

    public static readonly FacetCount[] CompetenceAreasWithPartnersAtEndOf2025 =
        [new("Battery engineering", 5), new("Welding", 4), new("Nursing", 3), new("Process chemistry", 2), new("Software", 2)];

    // Partners' view at the end of 2026: Cy Uma Kai Xe Lea Yara Nia Zed Oli Alma.
    public static readonly SharedTalentFacets FacetsWithPartnersAtEndOf2026 = new(
        Exact: true, CountedTalents: 10,
        CompetenceAreas: [new("Software", 4), new("Nursing", 2), new("Welding", 2), new("Battery engineering", 1), new("Process chemistry", 1)],
        Countries: [new("PL", 2), new("BR", 1), new("DE", 1), new("IN", 1), new("KE", 1), new("NG", 1), new("NO", 1), new("SE", 1), new("US", 1)],
        Languages: [new("en", 8), new("pl", 2), new("de", 1), new("no", 1), new("pt", 1), new("sv", 1), new("sw", 1)],
        PreferredMunicipalities: [new("3403", 4), new("3407", 4), new("3411", 3)],
        EducationLevels: [new(EducationLevel.Master, 9), new(EducationLevel.Vocational, 1)]);

    // With a "+1", partners' view: end of 2025 Ana Fay Hana Raj Vik Ivo; mid 2026 Hana Vik Ivo Lea; end of 2026 Lea Nia Alma.
    public static readonly Dictionary<DateOnly, int> PlusOnesWithPartnersAt = new() { [EndOf2025] = 6, [MidOf2026] = 4, [EndOf2026] = 3 };

    // ---------------------------------------------------------------------------------------------------------------
    // Municipality dashboards: talents who want to live there (consent to municipalities in force), by competence area in
    // ordinal order; licence cost this year, every month open (no period was closed), the current month in full.
    public static readonly Dictionary<DateOnly, (int Talents, CompetenceAreaCount[] Areas)> WantToLiveInHamar = new()
    {
        // Ana Cy Dara Gus Pia Raj Ivo
        [EndOf2025] = (7, [new("Battery engineering", 1), new("Nursing", 1), new("Process chemistry", 1), new("Software", 2), new("Welding", 3)]),
        // Cy Ivo Xe Lea Yara
        [MidOf2026] = (5, [new("Nursing", 1), new("Software", 2), new("Welding", 2)]),
        // Cy Xe Lea Yara Mo
        [EndOf2026] = (5, [new("Nursing", 1), new("Software", 3), new("Welding", 1)]),
    };

    public static readonly Dictionary<DateOnly, (int Talents, CompetenceAreaCount[] Areas)> WantToLiveInGjovik = new()
    {
        // Bo Dara Hana Raj Tam Uma Wen Jun
        [EndOf2025] = (8, [new("Battery engineering", 5), new("Nursing", 1), new("Process chemistry", 2), new("Software", 1)]),
        // Hana Tam Uma Wen Jun Yara
        [MidOf2026] = (6, [new("Battery engineering", 3), new("Nursing", 2), new("Process chemistry", 1)]),
        // Yara Nia (Uma's consent to municipalities ran out; she renewed only the one to partners)
        [EndOf2026] = (2, [new("Nursing", 2)]),
    };

    // Hamar: 32,000 inhabitants → 25,000 NOK a month, all year.
    public static readonly Dictionary<DateOnly, decimal[]> HamarLicenceMonths = new()
    {
        [EndOf2025] = [.. Enumerable.Repeat(25_000m, 12)], // 300,000
        [MidOf2026] = [.. Enumerable.Repeat(25_000m, 6)], // 150,000
        [EndOf2026] = [.. Enumerable.Repeat(25_000m, 12)], // 300,000
    };

    // Gjøvik: 28,000 inhabitants → 20,000 NOK a month, until it leaves on 2026-09-16: 15 of September's 30 days → 10,000.
    public static readonly Dictionary<DateOnly, decimal[]> GjovikLicenceMonths = new()
    {
        [EndOf2025] = [.. Enumerable.Repeat(20_000m, 12)], // 240,000
        [MidOf2026] = [.. Enumerable.Repeat(20_000m, 6)], // 120,000
        [EndOf2026] = [20_000m, 20_000m, 20_000m, 20_000m, 20_000m, 20_000m, 20_000m, 20_000m, 10_000m, 0m, 0m, 0m], // 170,000
    };

    // ---------------------------------------------------------------------------------------------------------------
    // Retention at N months (cohort by start month; Placed, and StillInRegion and Share at each N): of the placements (hires
    // not cancelled) whose start date is in the month, how many were still employed in the region N months after their start
    // (no departure on or before start + N). The endpoint's reading (README, "Retention, churn and +1 employment"): a cohort's
    // figure at N is known from its month's last day + N months, the last placement's mark, and null before; every story
    // start lies in a month whose marks fall before or after a checkpoint for all its placements alike, so this reading and
    // "null while start + N lies after the day" give the same figures here. h5 (cancelled) is in no cohort; h18 starts in
    // 2027. Months without a placement are listed by the endpoint with 0 placed and are left out below.
    public sealed record Retained(int Placed, int StillInRegion, decimal? Share);

    public sealed record RetentionCohort(string StartMonth, int Placed, Retained? At3Months, Retained? At6Months, Retained? At12Months);

    private static readonly Retained All = new(1, 1, 1m), None = new(1, 0, 0m);

    public static readonly Dictionary<DateOnly, RetentionCohort[]> RetentionCohortsAt = new()
    {
        [EndOf2025] =
        [
            new("2025-03", 1, All, All, null), // Ana
            new("2025-04", 1, All, All, null), // Cy at A
            new("2025-05", 1, All, All, null), // Bo: 6 months on is 11-05, he left on 11-14
            new("2025-06", 1, All, All, null), // Dara (Eli's cancelled hire is no placement)
            new("2025-07", 1, All, null, null), // Fay
            new("2025-09", 1, All, null, null), // Gus: 3 months on is 12-15
            new("2025-10", 1, null, null, null), // Hana
            new("2025-12", 1, null, null, null), // Cy at B
        ],
        [MidOf2026] =
        [
            new("2025-03", 1, All, All, All), // Ana: 12 months on is 2026-03-17
            new("2025-04", 1, All, All, All), // Cy at A, then B: still employed in the region on 2026-04-07
            new("2025-05", 1, All, All, None), // Bo left on 2025-11-14, before 2026-05-05
            new("2025-06", 1, All, All, All), // Dara: 12 months on is 06-02, known from 06-30
            new("2025-07", 1, All, All, null), // Fay: 6 months on is 2026-01-07; she left on 04-15
            new("2025-09", 1, All, None, null), // Gus left on 2026-03-13, before 2026-03-15
            new("2025-10", 1, All, All, null), // Hana: 6 months on is 2026-04-20
            new("2025-12", 1, All, All, null), // Cy at B: 6 months on is 2026-06-01 (Cy works for D by then), known from 06-30
            new("2026-02", 1, All, null, null), // Ivo
            new("2026-03", 1, All, null, null), // Jun
            new("2026-05", 2, null, null, null), // Cy at D, Kai
            new("2026-06", 1, null, null, null), // Lea
        ],
        [EndOf2026] =
        [
            new("2025-03", 1, All, All, All),
            new("2025-04", 1, All, All, All), // Cy works for B, then D: still employed in the region
            new("2025-05", 1, All, All, None), // Bo left on 2025-11-14, before 2026-05-05
            new("2025-06", 1, All, All, All),
            new("2025-07", 1, All, All, None), // Fay left on 2026-04-15, before 2026-07-07
            new("2025-09", 1, All, None, None), // Gus left on 2026-03-13, before 2026-03-15
            new("2025-10", 1, All, All, All), // Hana, erased: the anonymous facts still count
            new("2025-12", 1, All, All, All), // Cy at B: 12 months on (2026-12-01) Cy works for D
            new("2026-02", 1, All, All, null), // Ivo
            new("2026-03", 1, All, All, null), // Jun
            new("2026-05", 2, new(2, 2, 1m), new(2, 1, 0.5m), null), // Cy at D, Kai (left 2026-09-18, before 11-04)
            new("2026-06", 1, All, All, null), // Lea
            new("2026-07", 1, All, null, null), // Wen at B: 3 months on is 10-13; she moved on to C inside the region
            new("2026-08", 1, All, null, null), // Dara at A
            new("2026-09", 1, All, null, null), // Mo: 3 months on is 12-21, known from 12-30
            new("2026-11", 1, null, null, null), // Nia
            new("2026-12", 1, null, null, null), // Wen at C
        ],
    };

    // -------------------------------------------------------------------------------------------------------------
    // Monthly churn = placed talents who left the region in the month / placed talents in the region at its start, counted
    // as TALENTS: a talent is placed in the region from a placement's start until it leaves the region by it, an employment
    // that ended without leaving keeps it there, and its placements' times join into one stay. So Cy is one talent from
    // h2 (2025-04-07) on: h9 (at B) and h12 (at D) start while Cy is still placed and change nothing; likewise Dara's h15
    // (at A) and Wen's h20 (at C). At its start means before the month's first day: a talent whose stay began in the month
    // is not in its denominator. The stays, from the hires above:
    //   Ana 2025-03-17 →   Cy 2025-04-07 →   Bo 2025-05-05 → left 2025-11-14   Dara 2025-06-02 →   Fay 2025-07-07 → left 2026-04-15
    //   Gus 2025-09-15 → left 2026-03-13   Hana 2025-10-20 →   Ivo 2026-02-23 →   Jun 2026-03-02 →   Kai 2026-05-04 → left 2026-09-18
    //   Lea 2026-06-15 →   Wen 2026-07-13 →   Mo 2026-09-21 →   Nia 2026-11-02 →   (Oli 2027-01-04 →)
    // (Counted per placement, as the endpoint did before, Cy would count again from 2026-01 and 2026-06 and Dara from
    // 2026-09: 2026-01..02 7, 2026-03 8 (1/8), 2026-04 8 (1/8), 2026-05 7, 2026-06 9, 2026-07 10, 2026-08 11, 2026-09 12
    // (1/12), 2026-10..11 12, 2026-12 13.) Rate to 4 decimals, null when nobody was in the region at the start; all null for
    // a month that has not begun.
    public sealed record ChurnInMonth(string Month, int? InRegionAtStart, int? LeftInMonth, decimal? Rate);

    public static readonly ChurnInMonth[] MonthlyChurnBothYears =
    [
        new("2025-01", 0, 0, null), new("2025-02", 0, 0, null), new("2025-03", 0, 0, null),
        new("2025-04", 1, 0, 0m), // Ana
        new("2025-05", 2, 0, 0m), // + Cy
        new("2025-06", 3, 0, 0m), // + Bo
        new("2025-07", 4, 0, 0m), // + Dara (Eli's hire, cancelled, is no placement)
        new("2025-08", 5, 0, 0m), // + Fay
        new("2025-09", 5, 0, 0m),
        new("2025-10", 6, 0, 0m), // + Gus
        new("2025-11", 7, 1, 0.1429m), // + Hana; Bo leaves: 1/7
        new("2025-12", 6, 0, 0m), // − Bo
        new("2026-01", 6, 0, 0m), // h9 (Cy at B from 12-01): Cy was placed already (h2 ended on 12-01 inside the region)
        new("2026-02", 6, 0, 0m),
        new("2026-03", 7, 1, 0.1429m), // + Ivo; Gus leaves: 1/7
        new("2026-04", 7, 1, 0.1429m), // + Jun − Gus; Fay leaves: 1/7
        new("2026-05", 6, 0, 0m), // − Fay (Kai, and Cy at D, start on the 4th)
        new("2026-06", 7, 0, 0m), // + Kai (h12 moves Cy, placed already)
        new("2026-07", 8, 0, 0m), // + Lea
        new("2026-08", 9, 0, 0m), // + Wen (at B)
        new("2026-09", 9, 1, 0.1111m), // h15 moves Dara (placed already, her employment at C ended inside the region); Kai leaves: 1/9
        new("2026-10", 9, 0, 0m), // − Kai + Mo
        new("2026-11", 9, 0, 0m),
        new("2026-12", 10, 0, 0m), // + Nia (h20 moves Wen within December, placed already)
    ];

    // The placements (cohorts above) that began no stay, by start month: the talent was placed in the region already.
    public static readonly Dictionary<string, int> PlacementsOfTalentsPlacedAlready = new()
    {
        ["2025-12"] = 1, // h9 Cy at B
        ["2026-05"] = 1, // h12 Cy at D
        ["2026-08"] = 1, // h15 Dara at A
        ["2026-12"] = 1, // h20 Wen at C
    };

    // -------------------------------------------------------------------------------------------------------------
    // Member churn = partners and municipalities whose membership ended in the period / members at its start, per kind and
    // in total. A membership ends in the month of its last day (B: 2026-07-15, Gjøvik: 2026-09-15); D joined on 2026-03-09,
    // after the start of any period below, so it counts as joined where the period holds that day.
    public static readonly MemberChurnPeriod[] MemberChurnPeriods =
    [
        // A B C, Hamar Gjøvik, all from 2024-12-01.
        new("2025-01", "2025-12", new(3, 0, 0, 0m), new(2, 0, 0, 0m), new(5, 0, 0, 0m)),
        // D joins; B and Gjøvik end: partners 1/3, municipalities 1/2, in all 2/5.
        new("2026-01", "2026-12", new(3, 1, 1, 0.3333m), new(2, 0, 1, 0.5m), new(5, 1, 2, 0.4m)),
        new("2025-01", "2026-12", new(3, 1, 1, 0.3333m), new(2, 0, 1, 0.5m), new(5, 1, 2, 0.4m)),
        // D joins on the 9th: not a member at the start.
        new("2026-03", "2026-03", new(3, 1, 0, 0m), new(2, 0, 0, 0m), new(5, 1, 0, 0m)),
        // A B C D, Hamar Gjøvik; B's last day is 07-15: 1/4, in all 1/6.
        new("2026-07", "2026-07", new(4, 0, 1, 0.25m), new(2, 0, 0, 0m), new(6, 0, 1, 0.1667m)),
        // A C D, Hamar Gjøvik; Gjøvik's last day is 09-15: 1/2, in all 1/5.
        new("2026-09", "2026-09", new(3, 0, 0, 0m), new(2, 0, 1, 0.5m), new(5, 0, 1, 0.2m)),
        // A C D, Hamar.
        new("2026-10", "2026-12", new(3, 0, 0, 0m), new(1, 0, 0, 0m), new(4, 0, 0, 0m)),
    ];

    // -------------------------------------------------------------------------------------------------------------
    // "+1" employment: of the placements of the period's cohorts (start months 2025-01..2026-12, hires recorded by the day
    // and not cancelled) whose talent's profile named an accompanying partner when hired, those whose partner's work in the
    // region is recorded by the day. Every story hire says whether there was a "+1" (none is unknown).
    public static readonly Dictionary<DateOnly, AccompanyingPartnerEmploymentRate> PlusOneAt = new()
    {
        [EndOf2025] = new(3, 2, 0.6667m, 0), // Ana ✓ Fay ✓ Hana (her partner's job comes in January)
        [MidOf2026] = new(5, 4, 0.8m, 0), // + Hana ✓, Ivo ✓, Lea (not yet)
        [EndOf2026] = new(6, 5, 0.8333m, 0), // + Lea ✓, Nia ✗ (Fay's partner worked here before the family left: still ✓)
    };

    // -------------------------------------------------------------------------------------------------------------
    // Target markets: registrations (by the country and competence areas the talent registered with, in the registration's
    // month; the whole installation's, which is this story's: its own database) and hires (by the country and areas the hire
    // recorded, in the hire date's month, cancelled ones included as the monthly hires count them). A talent or hire with two
    // areas (Dara) counts under both. Erased Hana still counts: these are anonymous facts.
    public sealed record TargetMarket(string Country, string CompetenceArea, int Registrations, int Hires);

    public static readonly TargetMarket[] TargetMarketsBothYears =
    [
        new("BR", "Software", 1, 0), // Xe
        new("CN", "Battery engineering", 1, 1), // Wen; h19 (she moved to Gjøvik only after it)
        new("DE", "Software", 1, 1), // Kai, h13
        new("ES", "Nursing", 1, 1), // Eli, h5 (cancelled)
        new("ES", "Process chemistry", 1, 0), // Sol
        new("HR", "Welding", 1, 1), // Ivo, h10
        new("IN", "Battery engineering", 2, 2), // Dara Uma; h4 h15
        new("IN", "Process chemistry", 1, 2), // Dara; h4 h15
        new("IN", "Software", 1, 0), // Raj
        new("KE", "Nursing", 1, 1), // Nia, h17
        new("NG", "Nursing", 1, 0), // Yara
        new("NO", "Battery engineering", 1, 2), // Jun; h11, h20 (Wen, living in Gjøvik by then)
        new("NO", "Software", 2, 4), // Cy Mo; h2 h9 h12 h16
        new("NO", "Welding", 1, 1), // Gus, h7
        new("PH", "Nursing", 2, 1), // Fay Tam; h6
        new("PL", "Process chemistry", 1, 0), // Zed
        new("PL", "Welding", 2, 2), // Ana Lea; h1 (Ana moved to Hamar only after her hire) h14
        new("SE", "Battery engineering", 1, 1), // Bo, h3
        new("SE", "Nursing", 1, 0), // Pia
        new("SE", "Welding", 1, 0), // Alma
        new("UA", "Process chemistry", 1, 1), // Hana, h8
        new("UA", "Welding", 1, 0), // Vik
        new("US", "Software", 1, 1), // Oli, h18
    ];

    // Totals by country and by area, most first, then by name (a talent counts once under its country).
    public sealed record MarketTotals(int Total, CountryCount[] ByCountry, CompetenceAreaTotal[] ByArea);

    public static readonly MarketTotals RegistrationsBothYears = new(26,
        [new("NO", 4), new("IN", 3), new("PL", 3), new("SE", 3), new("ES", 2), new("PH", 2), new("UA", 2),
         new("BR", 1), new("CN", 1), new("DE", 1), new("HR", 1), new("KE", 1), new("NG", 1), new("US", 1)],
        [new("Nursing", 6), new("Software", 6), new("Welding", 6), new("Battery engineering", 5), new("Process chemistry", 4)]);

    public static readonly MarketTotals HiresBothYears = new(20,
        [new("NO", 7), new("IN", 2), new("PL", 2), new("CN", 1), new("DE", 1), new("ES", 1), new("HR", 1), new("KE", 1),
         new("PH", 1), new("SE", 1), new("UA", 1), new("US", 1)],
        [new("Battery engineering", 6), new("Software", 6), new("Welding", 4), new("Nursing", 3), new("Process chemistry", 3)]);

    public static readonly TargetMarket[] TargetMarkets2026 =
    [
        new("BR", "Software", 1, 0),
        new("CN", "Battery engineering", 0, 1), // h19
        new("DE", "Software", 1, 1),
        new("HR", "Welding", 0, 1),
        new("IN", "Battery engineering", 0, 1),
        new("IN", "Process chemistry", 0, 1),
        new("KE", "Nursing", 1, 1),
        new("NG", "Nursing", 1, 0),
        new("NO", "Battery engineering", 0, 2), // h11 h20
        new("NO", "Software", 1, 2), // Mo; h12 h16
        new("PL", "Process chemistry", 1, 0),
        new("PL", "Welding", 1, 1),
        new("SE", "Welding", 1, 0),
        new("US", "Software", 1, 1),
    ];

    public static readonly MarketTotals Registrations2026 = new(9,
        [new("PL", 2), new("BR", 1), new("DE", 1), new("KE", 1), new("NG", 1), new("NO", 1), new("SE", 1), new("US", 1)],
        [new("Software", 4), new("Nursing", 2), new("Welding", 2), new("Process chemistry", 1)]);

    public static readonly MarketTotals Hires2026 = new(11,
        [new("NO", 4), new("CN", 1), new("DE", 1), new("HR", 1), new("IN", 1), new("KE", 1), new("PL", 1), new("US", 1)],
        [new("Battery engineering", 4), new("Software", 4), new("Welding", 2), new("Nursing", 1), new("Process chemistry", 1)]);

    // -------------------------------------------------------------------------------------------------------------
    // Talent-base progress against the region's goal (10,000, the default): talents not erased with a consent to share
    // in force (either kind; by kind in SharedBaseAt above). End of 2025: all 17 registered but Sol; mid 2026: the 12
    // sharing with partners (the 11 with municipalities are among them); end of 2026: the 10 with partners and Mo.
    public sealed record TalentBase(int Talents, int Goal, decimal Share);

    public static readonly Dictionary<DateOnly, TalentBase> TalentBaseAt = new()
    {
        [EndOf2025] = new(16, 10_000, 0.0016m),
        [MidOf2026] = new(12, 10_000, 0.0012m),
        [EndOf2026] = new(11, 10_000, 0.0011m),
    };

    // -------------------------------------------------------------------------------------------------------------
    // Hires to date against T10's long-range goal (10,000 jobs by 2030, read as by the end of 2030-12): hires recorded less
    // those cancelled (a cancelled hire filled no job) in the months up to the day's. The monthly rate needed is the
    // endpoint's reading (README, "Goals"), which PRODUCT.md does not define: the remaining hires over the months left
    // counting the current one (the day may be any day of it), rounded up to a whole hire. The average so far: hires to date
    // over the months from the first hire's (2025-03) through the day's, 2 decimals.
    public sealed record LongRangeGoal(
        int HiresToDate, int Goal, string By, int RemainingHires, int RemainingMonths, int? RequiredMonthlyRate,
        string? FirstHireMonth, int MonthsSoFar, decimal? AverageMonthlyRateSoFar);

    public static readonly Dictionary<DateOnly, LongRangeGoal> LongRangeGoalAt = new()
    {
        // 9 recorded − h5; 2025-12..2030-12 = 61 months: 9,992 / 61 = 163.8 → 164; 8 over 2025-03..2025-12 (10) = 0.80.
        [EndOf2025] = new(8, 10_000, "2030-12", 9_992, 61, 164, "2025-03", 10, 0.8m),
        // + h10 h11 h12 h13 h14; 2026-06..2030-12 = 55: 9,987 / 55 = 181.6 → 182; 13 / 16 = 0.8125 → 0.81.
        [MidOf2026] = new(13, 10_000, "2030-12", 9_987, 55, 182, "2025-03", 16, 0.81m),
        // 20 recorded − h5; 2026-12..2030-12 = 49: 9,981 / 49 = 203.7 → 204; 19 / 22 = 0.8636 → 0.86.
        [EndOf2026] = new(19, 10_000, "2030-12", 9_981, 49, 204, "2025-03", 22, 0.86m),
    };

    // -------------------------------------------------------------------------------------------------------------
    // Municipality dashboards, the hires located there: a hire is located where its workplace is, the municipality of the
    // vacancy it names (hires without a vacancy name no workplace in this story: located nowhere); a cancelled hire is none.
    // Newcomers are the municipality's external hires, still in the region N months after their start as in the cohorts
    // but counted per placement whose own mark has come (the endpoint's reading: start + N ≤ the day). "+1": of ALL its
    // placements (not only newcomers; the README's reading), those with an accompanying partner, and of them those whose
    // partner found work in the region by the day.
    public sealed record HiresThen(int ThisMonth, int ThisMonthLastYear, int ThisYear, int ThisYearLastYear);

    public sealed record HiresLocatedThere(
        HiresThen All, HiresThen External, HiresThen Internal, HiresThen Local,
        Retained NewcomersAt3, Retained NewcomersAt6, Retained NewcomersAt12, AccompanyingPartnerEmployment PlusOne);

    private static readonly HiresThen NoHires = new(0, 0, 0, 0);
    private static readonly Retained NoNewcomers = new(0, 0, null);

    public static readonly Dictionary<DateOnly, HiresLocatedThere> HamarAt = new()
    {
        // h1 (Ana) h6 (Fay) external, h9 (Cy) internal (h5 cancelled); newcomers Ana (start 2025-03-17) and Fay (07-07):
        // 6 months on is 09-17 for Ana, 2026-01-07 for Fay. "+1": Ana ✓ Fay ✓ (Cy has none).
        [EndOf2025] = new(new(0, 0, 3, 0), new(0, 0, 2, 0), new(0, 0, 1, 0), NoHires,
            new(2, 2, 1m), new(1, 1, 1m), NoNewcomers, new(2, 2, 1m, 0)),
        // 2026: h10 (Ivo) external, h15 (Dara) internal; newcomers Ana Fay Ivo (2026-02-23): 12 months on, Ana stayed and Fay
        // had left (04-15, before 07-07); Ivo's comes in 2027. "+1": Ana ✓ Fay ✓ Ivo ✓.
        [EndOf2026] = new(new(0, 0, 2, 3), new(0, 0, 1, 2), new(0, 0, 1, 1), NoHires,
            new(3, 3, 1m), new(3, 3, 1m), new(2, 1, 0.5m), new(3, 3, 1m, 0)),
    };

    public static readonly Dictionary<DateOnly, HiresLocatedThere> GjovikAt = new()
    {
        // h3 (Bo) h4 (Dara), external; Bo left on 2025-11-14, after his 6 months (11-05). No "+1".
        [EndOf2025] = new(new(0, 0, 2, 0), new(0, 0, 2, 0), NoHires, NoHires,
            new(2, 2, 1m), new(2, 2, 1m), NoNewcomers, new(0, 0, null, 0)),
        // 2026: h11 (Jun) local, h17 (Nia, starting 2026-11-02: too recent for any mark) external; Bo had left by his 12
        // months, Dara stayed (her employment at C ended inside the region). "+1": Nia's partner found no work.
        [EndOf2026] = new(new(0, 0, 2, 2), new(0, 0, 1, 2), NoHires, new(0, 0, 1, 0),
            new(2, 2, 1m), new(2, 2, 1m), new(2, 1, 0.5m), new(1, 0, 0m, 0)),
    };

    // -------------------------------------------------------------------------------------------------------------
    // B, a former member from 2026-07-16: made h9 (Cy from A, 2025); lost Cy to D (h12, 2026-04-06, B a member then). C's
    // hire of Wen (h20), whom B still employed, is no loss: B was no member on its hire date, so the hire is not internal.
    public static readonly InternalHires PartnerBInternalHiresAtEndOf2026 = new(MadeThisYear: 0, MadeInAll: 1, LostThisYear: 1, LostInAll: 1);
}
