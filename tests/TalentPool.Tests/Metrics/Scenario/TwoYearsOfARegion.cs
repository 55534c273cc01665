using System.Text.Json;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>
/// Two years of the Mjøsa region (2025 and 2026), told through the API on a clock the story moves, built once for the
/// tests of <see cref="TwoYearsOfARegionTests"/>. At three moments (<see cref="Checkpoints"/>) every metric that has an
/// endpoint is read and kept as the service answered it; the expected values, worked out by hand from this story, are in
/// <see cref="Expected"/>.
/// <para>The cast. Innlandet county has four municipalities; the Mjøsa region groups three of them: Hamar (3403), Gjøvik
/// (3407) and Ringsaker (3411, never a member, so no regional discount). Lillehammer (3405) lies outside the region.
/// Members from 2024-12-01: partners A (Standard, 200 employees), B (Standard, 120) and C (Small, 30), the municipalities
/// Hamar (32,000 inhabitants: 25,000 NOK a month) and Gjøvik (28,000: 20,000 NOK a month). D (Standard) joins on
/// 2026-03-09. B cancels on 2026-05-11 with effect from 2026-07-16; Gjøvik decides on 2026-06-10 to leave from
/// 2026-09-16. A consent lasts 12 months in the region. From 2026-01-01 a Standard partner's hire fee is 25,000 NOK
/// (20,000 before; a Small partner's stays 20,000).</para>
/// </summary>
public sealed class TwoYearsOfARegion(TalentPoolFixture fixture) : IAsyncLifetime
{
    public const string Region = "Mjøsa";
    public const string Hamar = "Hamar", Gjovik = "Gjøvik";
    public const string A = "Mjøsbyggen AS", B = "Hedmark Bygg AS", C = "Gjøvik Batteri AS", D = "Raufoss Hydrogen AS";

    private const string Battery = "Battery engineering", Nursing = "Nursing", Process = "Process chemistry", Software = "Software", Welding = "Welding";

    // The talents, in the order they register. Competence areas, languages, where they want to live and who moves with them
    // are what the shared base, the municipality dashboard and the target markets count.
    public static readonly Newcomer Ana = new("Ana", "PL", [Welding], ["pl", "en"], ["3403"], PlusOne: "Nurse");
    public static readonly Newcomer Bo = new("Bo", "SE", [Battery], ["sv", "en"], ["3407"]);
    public static readonly Newcomer Cy = new("Cy", "NO", [Software], ["no", "en"], ["3403"], LivesIn: "3403", Education: EducationLevel.Vocational);
    public static readonly Newcomer Dara = new("Dara", "IN", [Battery, Process], ["en", "hi"], ["3407", "3403"]);
    public static readonly Newcomer Eli = new("Eli", "ES", [Nursing], ["es", "en"], ["3403"], SharesWithMunicipalities: false);
    public static readonly Newcomer Fay = new("Fay", "PH", [Nursing], ["en", "tl"], ["3411"], PlusOne: "Welder");
    public static readonly Newcomer Gus = new("Gus", "NO", [Welding], ["no"], ["3403"], LivesIn: "3405", Education: EducationLevel.Vocational);
    public static readonly Newcomer Hana = new("Hana", "UA", [Process], ["uk", "en"], ["3407"], PlusOne: "Software developer");
    public static readonly Newcomer Pia = new("Pia", "SE", [Nursing], ["sv", "en"], ["3403"]);
    public static readonly Newcomer Raj = new("Raj", "IN", [Software], ["en", "hi"], ["3403", "3407"], PlusOne: "Doctor");
    public static readonly Newcomer Sol = new("Sol", "ES", [Process], ["es", "en"], ["3411"]);
    public static readonly Newcomer Tam = new("Tam", "PH", [Nursing], ["en", "tl"], ["3407"], SharesWithPartners: false, SharesWithMunicipalities: false);
    public static readonly Newcomer Uma = new("Uma", "IN", [Battery], ["en"], ["3407"]);
    public static readonly Newcomer Vik = new("Vik", "UA", [Welding], ["uk"], ["3411"], PlusOne: "Cook");
    public static readonly Newcomer Wen = new("Wen", "CN", [Battery], ["zh", "en"], ["3407"]);
    public static readonly Newcomer Ivo = new("Ivo", "HR", [Welding], ["hr", "en"], ["3403", "3411"], PlusOne: "Cook");
    public static readonly Newcomer Jun = new("Jun", "NO", [Battery], ["no", "en"], ["3407"], LivesIn: "3407", Education: EducationLevel.Vocational);
    public static readonly Newcomer Kai = new("Kai", "DE", [Software], ["de", "en"], ["3411"], SharesWithMunicipalities: false);
    public static readonly Newcomer Xe = new("Xe", "BR", [Software], ["pt", "en"], ["3403"]);
    public static readonly Newcomer Lea = new("Lea", "PL", [Welding], ["pl"], ["3403"], PlusOne: "Electrician");
    public static readonly Newcomer Yara = new("Yara", "NG", [Nursing], ["en"], ["3403", "3407"]);
    public static readonly Newcomer Nia = new("Nia", "KE", [Nursing], ["en", "sw"], ["3407"], PlusOne: "Engineer");
    public static readonly Newcomer Mo = new("Mo", "NO", [Software], ["no"], ["3403"], LivesIn: "3403", SharesWithPartners: false, Education: EducationLevel.Vocational);
    public static readonly Newcomer Zed = new("Zed", "PL", [Process], ["pl", "en"], ["3407"], SharesWithMunicipalities: false);
    public static readonly Newcomer Oli = new("Oli", "US", [Software], ["en"], ["3411"]);
    public static readonly Newcomer Alma = new("Alma", "SE", [Welding], ["sv"], ["3411"], PlusOne: "Teacher");

    private RegionStory _story = null!;
    private readonly Dictionary<DateOnly, Checkpoint> _checkpoints = [];

    /// <summary>What the service answered at the end of 2025, in the middle of 2026 and at the end of 2026.</summary>
    public IReadOnlyDictionary<DateOnly, Checkpoint> Checkpoints => _checkpoints;

    public Guid this[string name] => _story[name];

    public async Task InitializeAsync()
    {
        var pool = await ClockedTalentPool.StartAsync(fixture, new DateTimeOffset(2024, 12, 1, 9, 0, 0, TimeSpan.Zero));
        _story = new RegionStory(pool);
        await TellAsync(_story);
    }

    public async Task DisposeAsync() => await _story.Pool.DisposeAsync();

    private async Task TellAsync(RegionStory s)
    {
        // 2024-12-01: the region is set up and its first members join.
        await s.CountyAndRegionAsync("Innlandet", ["3403", "3405", "3407", "3411"], Region, ["3403", "3407", "3411"]);
        await s.ConsentValidityAsync(Region, 12);
        await s.PriceListAsync(Region, PriceList.Defaults(new DateOnly(2026, 1, 1)) with { Standard = new PartnerPrice(2_500m, 25_000m) });
        await s.PartnerJoinsAsync(A, Region, employees: 200);
        await s.PartnerJoinsAsync(B, Region, employees: 120);
        await s.PartnerJoinsAsync(C, Region, employees: 30);
        await s.MunicipalityJoinsAsync(Hamar, Region, "3403", population: 32_000);
        await s.MunicipalityJoinsAsync(Gjovik, Region, "3407", population: 28_000);

        // 2025: the first year.
        s.On(2025, 1, 6); await s.RegistersAsync(Ana);
        s.On(2025, 1, 8); await s.RegistersAsync(Bo);
        s.On(2025, 1, 13); await s.RegistersAsync(Cy);
        s.On(2025, 1, 15); await s.PostsVacancyAsync("vA1", A, Welding, "3403", positions: 1);
        s.On(2025, 1, 20); await s.RegistersAsync(Dara);
        s.On(2025, 1, 27); await s.RegistersAsync(Eli);
        s.On(2025, 2, 3);
        await s.RegistersAsync(Fay);
        await s.PostsVacancyAsync("vC1", C, Battery, "3407", positions: 2);
        await s.IntroducesAsync("vA1", "Ana");
        s.On(2025, 2, 10); await s.RegistersAsync(Gus);
        s.On(2025, 2, 17);
        await s.RegistersAsync(Hana);
        await s.MovesCandidateAsync("vA1", "Ana", CandidateStage.Interview);
        await s.IntroducesAsync("vA1", "Gus");
        s.On(2025, 2, 24);
        await s.MovesCandidateAsync("vA1", "Ana", CandidateStage.Offer);
        await s.RejectsAsync("vA1", "Gus");
        s.On(2025, 3, 3);
        await s.HiresAsync("h1", A, "Ana", startsOn: new(2025, 3, 17), vacancy: "vA1");
        await s.ClosesVacancyAsync("vA1");
        await s.IntroducesAsync("vC1", "Bo", "Dara");
        await s.RegistersAsync(Pia);
        s.On(2025, 3, 10); await s.HiresAsync("h2", A, "Cy", startsOn: new(2025, 4, 7));
        s.On(2025, 4, 1);
        await s.MovesAsync(Ana, "NO", "3403");
        await s.PostsVacancyAsync("vB1", B, Nursing, "3403", positions: 2);
        s.On(2025, 4, 7);
        await s.HiresAsync("h3", C, "Bo", startsOn: new(2025, 5, 5), vacancy: "vC1");
        await s.RegistersAsync(Raj);
        s.On(2025, 4, 14); await s.IntroducesAsync("vB1", "Eli", "Fay", "Pia");
        s.On(2025, 5, 5);
        await s.RejectsAsync("vB1", "Pia");
        await s.RegistersAsync(Sol);
        s.On(2025, 5, 12); await s.PlusOneFindsWorkAsync("h1", "Nurse", employer: C);
        s.On(2025, 5, 19);
        await s.HiresAsync("h4", C, "Dara", startsOn: new(2025, 6, 2), vacancy: "vC1");
        await s.ClosesVacancyAsync("vC1");
        s.On(2025, 6, 2);
        await s.HiresAsync("h5", B, "Eli", startsOn: new(2025, 6, 9), vacancy: "vB1");
        await s.RegistersAsync(Tam);
        s.On(2025, 6, 16);
        await s.HiresAsync("h6", B, "Fay", startsOn: new(2025, 7, 7), vacancy: "vB1");
        await s.ClosesVacancyAsync("vB1");
        s.On(2025, 6, 27); await s.CancelsAsync("h5");
        s.On(2025, 7, 7); await s.RegistersAsync(Uma);
        s.On(2025, 8, 4);
        await s.WithdrawsConsentAsync("Pia", ConsentScope.Partners);
        await s.PostsVacancyAsync("vA2", A, Welding, "3411", positions: 1);
        s.On(2025, 8, 11); await s.IntroducesAsync("vA2", "Gus");
        s.On(2025, 8, 18); await s.MovesCandidateAsync("vA2", "Gus", CandidateStage.Interview);
        s.On(2025, 9, 1);
        await s.GivesConsentAsync("Tam", ConsentScope.Partners, ConsentScope.Municipalities);
        await s.RegistersAsync(Vik);
        await s.HiresAsync("h7", A, "Gus", startsOn: new(2025, 9, 15), vacancy: "vA2");
        await s.MovesCandidateAsync("vA2", "Gus", CandidateStage.Accepted);
        await s.PlusOneFindsWorkAsync("h6", "Welder", employer: A);
        await s.IntroducesAsync("vA2", "Vik");
        s.On(2025, 9, 8); await s.MovesCandidateAsync("vA2", "Vik", CandidateStage.Screening);
        s.On(2025, 10, 1); await s.PostsVacancyAsync("vB2", B, Software, "3403", positions: 1);
        s.On(2025, 10, 6);
        await s.HiresAsync("h8", C, "Hana", startsOn: new(2025, 10, 20));
        await s.WithdrawsConsentAsync("Sol", ConsentScope.Partners, ConsentScope.Municipalities);
        await s.IntroducesAsync("vB2", "Cy", "Raj");
        s.On(2025, 10, 20); await s.RejectsAsync("vB2", "Raj");
        s.On(2025, 10, 27); await s.MovesCandidateAsync("vB2", "Cy", CandidateStage.Offer);
        s.On(2025, 11, 3);
        await s.HiresAsync("h9", B, "Cy", startsOn: new(2025, 12, 1), vacancy: "vB2"); // internal: Cy works for A
        await s.ClosesVacancyAsync("vB2");
        await s.RegistersAsync(Wen);
        s.On(2025, 11, 10); await s.RegistersAsync(Ivo);
        s.On(2025, 11, 14); await s.EndsAsync("h3", leftRegion: true); // Bo moves back to Sweden
        s.On(2025, 12, 1);
        await s.EndsAsync("h2", leftRegion: false); // Cy moves on from A to B
        await s.RegistersAsync(Jun);
        await CheckpointAsync(s, new DateOnly(2025, 12, 31));

        // 2026: the second year.
        s.On(2026, 1, 5);
        await s.ClosesVacancyAsync("vA2");
        await s.PostsVacancyAsync("vA3", A, Welding, "3403", positions: 1);
        s.On(2026, 1, 12);
        await s.GivesConsentAsync("Cy", ConsentScope.Partners, ConsentScope.Municipalities);
        await s.PostsVacancyAsync("vC2", C, Battery, "3407", positions: 1);
        await s.IntroducesAsync("vA3", "Ivo");
        await s.PlusOneFindsWorkAsync("h8", "Software developer");
        s.On(2026, 1, 19);
        await s.RegistersAsync(Kai);
        await s.IntroducesAsync("vC2", "Jun", "Wen");
        s.On(2026, 1, 20); await s.GivesConsentAsync("Hana", ConsentScope.Partners, ConsentScope.Municipalities);
        s.On(2026, 2, 2); await s.RegistersAsync(Xe);
        s.On(2026, 2, 9);
        await s.HiresAsync("h10", A, "Ivo", startsOn: new(2026, 2, 23), vacancy: "vA3");
        await s.ClosesVacancyAsync("vA3");
        await s.HiresAsync("h11", C, "Jun", startsOn: new(2026, 3, 2), vacancy: "vC2");
        await s.RejectsAsync("vC2", "Wen");
        await s.ClosesVacancyAsync("vC2");
        s.On(2026, 3, 2); await s.RegistersAsync(Lea);
        s.On(2026, 3, 9);
        await s.PartnerJoinsAsync(D, Region, employees: 400);
        await s.PostsVacancyAsync("vD1", D, Software, "3411", positions: 2);
        s.On(2026, 3, 13); await s.EndsAsync("h7", leftRegion: true); // Gus goes back to Lillehammer
        s.On(2026, 3, 16); await s.IntroducesAsync("vD1", "Kai", "Xe");
        s.On(2026, 3, 23); await s.MovesCandidateAsync("vD1", "Xe", CandidateStage.Interview);
        s.On(2026, 4, 6); await s.HiresAsync("h12", D, "Cy", startsOn: new(2026, 5, 4), vacancy: "vD1"); // internal: Cy works for B
        s.On(2026, 4, 13);
        await s.HiresAsync("h13", D, "Kai", startsOn: new(2026, 5, 4), vacancy: "vD1");
        await s.ClosesVacancyAsync("vD1");
        s.On(2026, 4, 15); await s.EndsAsync("h6", leftRegion: true); // Fay's family moves on
        s.On(2026, 4, 20); await s.PlusOneFindsWorkAsync("h10", "Cook", employer: D);
        s.On(2026, 5, 4);
        await s.EndsAsync("h9", leftRegion: false); // Cy moves on from B to D
        await s.RegistersAsync(Yara);
        await s.PostsVacancyAsync("vA4", A, Process, "3403", positions: 2);
        s.On(2026, 5, 11); await s.PartnerCancelsAsync(B, effectiveOn: new(2026, 7, 16));
        s.On(2026, 6, 1); await s.HiresAsync("h14", A, "Lea", startsOn: new(2026, 6, 15));
        s.On(2026, 6, 10); await s.MunicipalityLeavesAsync(Gjovik, leftOn: new(2026, 9, 16));
        await CheckpointAsync(s, new DateOnly(2026, 6, 30));

        s.On(2026, 7, 6);
        await s.RegistersAsync(Nia);
        await s.HiresAsync("h15", A, "Dara", startsOn: new(2026, 8, 3), vacancy: "vA4"); // internal: Dara works for C
        await s.GivesConsentAsync("Uma", ConsentScope.Partners);
        await s.HiresAsync("h19", B, "Wen", startsOn: new(2026, 7, 13)); // B's last hire before it leaves on the 16th
        s.On(2026, 7, 13); await s.MovesAsync(Wen, "NO", "3407"); // Wen settles in Gjøvik
        s.On(2026, 8, 3);
        await s.EndsAsync("h4", leftRegion: false); // Dara moves on from C to A
        await s.RegistersAsync(Mo);
        s.On(2026, 9, 1); await s.PostsVacancyAsync("vC3", C, Nursing, "3407", positions: 2);
        s.On(2026, 9, 7);
        await s.RegistersAsync(Zed);
        await s.IntroducesAsync("vA4", "Zed");
        await s.HiresAsync("h16", D, "Mo", startsOn: new(2026, 9, 21));
        await s.IntroducesAsync("vC3", "Nia", "Yara");
        s.On(2026, 9, 14);
        await s.MovesCandidateAsync("vA4", "Zed", CandidateStage.Screening);
        await s.PlusOneFindsWorkAsync("h14", "Electrician");
        s.On(2026, 9, 18); await s.EndsAsync("h13", leftRegion: true); // Kai returns to Germany
        s.On(2026, 9, 21); await s.MovesCandidateAsync("vC3", "Yara", CandidateStage.Interview);
        s.On(2026, 9, 28); await s.MovesCandidateAsync("vC3", "Nia", CandidateStage.Offer);
        s.On(2026, 10, 5);
        await s.HiresAsync("h17", C, "Nia", startsOn: new(2026, 11, 2), vacancy: "vC3");
        await s.RegistersAsync(Oli);
        s.On(2026, 10, 12); await s.IsErasedAsync("Hana");
        s.On(2026, 11, 2); await s.RegistersAsync(Alma);
        // B, no member since 2026-07-16, still employs Wen: C's hire is not internal; Wen lives in Gjøvik, so it is local.
        s.On(2026, 11, 9); await s.HiresAsync("h20", C, "Wen", startsOn: new(2026, 12, 7));
        s.On(2026, 12, 1); await s.HiresAsync("h18", A, "Oli", startsOn: new(2027, 1, 4));
        s.On(2026, 12, 7); await s.EndsAsync("h19", leftRegion: false); // Wen moves on from B to C
        await CheckpointAsync(s, new DateOnly(2026, 12, 31));
    }

    /// <summary>
    /// Noon of a day: every read below is made as the member who would make it, once the daemon has caught up, and kept as
    /// answered. An endpoint that comes later is one more line here and its assertion in the tests.
    /// </summary>
    private async Task CheckpointAsync(RegionStory s, DateOnly day)
    {
        s.Pool.Clock.MoveTo(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        var admin = s.Pool.TokenFor(Roles.Admin);
        var partnerA = s.Pool.TokenFor(Roles.Partner, s[A]);
        var partnerC = s.Pool.TokenFor(Roles.Partner, s[C]);
        var hamar = s.Pool.TokenFor(Roles.Municipality, s[Hamar]);
        var gjovik = s.Pool.TokenFor(Roles.Municipality, s[Gjovik]);
        var region = s[Region];

        var metrics = $"/api/v1/regions/{region}/metrics";
        var reads = new Dictionary<string, (string Url, string Token)>
        {
            [Reads.RegionMonthly] = ($"/api/v1/regions/{region}/metrics/monthly?from=2025-01&to=2026-12&waitForWrites=true", partnerA),
            [Reads.Region2025] = ($"/api/v1/regions/{region}/metrics/monthly?from=2025-01&to=2025-12&waitForWrites=true", hamar),
            [Reads.Region2026] = ($"/api/v1/regions/{region}/metrics/monthly?from=2026-01&to=2026-12&waitForWrites=true", admin),
            [Reads.RegionHiresPerMonth] = ($"/api/v1/regions/{region}/metrics/hires-per-month?waitForWrites=true", admin),
            [Reads.PartnerA] = ($"/api/v1/partners/{s[A]}/dashboard?waitForWrites=true", partnerA),
            [Reads.PartnerC] = ($"/api/v1/partners/{s[C]}/dashboard?waitForWrites=true", partnerC),
            [Reads.Hamar] = ($"/api/v1/municipalities/{s[Hamar]}/dashboard", hamar),
            [Reads.Gjovik] = ($"/api/v1/municipalities/{s[Gjovik]}/dashboard", gjovik),
            [Reads.SharedWithPartners] = ("/api/v1/shared-talents?limit=200", partnerA),
            [Reads.SharedWithMunicipalities] = ("/api/v1/shared-talents?limit=200", hamar),
            [Reads.SharedPlusOnes] = ("/api/v1/shared-talents?hasAccompanyingPartner=true&limit=200", partnerA),
            [Reads.Retention] = ($"{metrics}/retention?from=2025-01&to=2026-12&waitForWrites=true", gjovik),
            [Reads.Goals] = ($"{metrics}/goals?waitForWrites=true", partnerC),
        };
        if (day == Expected.EndOf2026)
        {
            reads[Reads.PartnerB] = ($"/api/v1/partners/{s[B]}/dashboard?waitForWrites=true", admin);
            reads[Reads.TargetMarketsBothYears] = ($"{metrics}/target-markets?from=2025-01&to=2026-12&waitForWrites=true", hamar);
            reads[Reads.TargetMarkets2026] = ($"{metrics}/target-markets?from=2026-01&to=2026-12&waitForWrites=true", admin);
            foreach (var (from, to) in Expected.MemberChurnPeriods.Select(p => (p.From, p.To)))
            {
                reads[Reads.MemberChurn(from, to)] = ($"{metrics}/member-churn?from={from}&to={to}&waitForWrites=true", partnerA);
            }
        }
        await s.CatchUpAsync();
        var answers = new Dictionary<string, string>();
        var csv = new Dictionary<string, string>();
        foreach (var (name, (url, token)) in reads)
        {
            answers[name] = await s.ReadAsync(url, token);
            // At the last checkpoint every metric is read as CSV too, right after its JSON (nothing is written in between).
            var isMetric = !name.StartsWith("shared base", StringComparison.Ordinal);
            if (day == Expected.EndOf2026 && isMetric) csv[name] = await s.ReadAsync(url, token, "text/csv");
        }
        _checkpoints[day] = new Checkpoint(day, answers, csv);
    }
}

/// <summary>The names of the reads made at each checkpoint.</summary>
public static class Reads
{
    public const string RegionMonthly = "region monthly metrics 2025-01..2026-12";
    public const string Region2025 = "region monthly metrics 2025";
    public const string Region2026 = "region monthly metrics 2026";
    public const string RegionHiresPerMonth = "region hires per month";
    public const string PartnerA = "partner A's dashboard";
    public const string PartnerC = "partner C's dashboard";
    public const string Hamar = "Hamar's dashboard";
    public const string Gjovik = "Gjøvik's dashboard";
    public const string SharedWithPartners = "shared base seen by a partner";
    public const string SharedWithMunicipalities = "shared base seen by a municipality";
    public const string SharedPlusOnes = "shared base seen by a partner, talents with a +1";
    public const string Retention = "region retention, churn and +1 employment 2025-01..2026-12";
    public const string Goals = "region goals";
    public const string PartnerB = "partner B's dashboard (a former member)";
    public const string TargetMarketsBothYears = "region target markets 2025-01..2026-12";
    public const string TargetMarkets2026 = "region target markets 2026";

    public static string MemberChurn(string from, string to) => $"region member churn {from}..{to}";
}

/// <summary>The answers read at one moment, as the service wrote them.</summary>
public sealed record Checkpoint(DateOnly Day, IReadOnlyDictionary<string, string> Answers, IReadOnlyDictionary<string, string> CsvAnswers)
{
    public T Read<T>(string name) where T : class => JsonSerializer.Deserialize<T>(Answers[name], Json.Options).ShouldNotBeNull();
}
