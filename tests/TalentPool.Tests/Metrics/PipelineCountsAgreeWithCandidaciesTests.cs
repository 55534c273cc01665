using System.Text.Json;
using JasperFx.Events;
using TalentPool.Candidates;
using TalentPool.Metrics;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The partner dashboard keeps its current pipeline as counts per open vacancy and stage, a stage move or rejection learning
/// the stage it leaves from the candidacy's own earlier events (<see cref="CandidacyFactContext"/>). Random histories of
/// postings, closings, introductions, moves and rejections, applied by the projection in sequence order, against the
/// straightforward answer: every candidacy's last state, counted when its vacancy is still open and it was not rejected.
/// Seeded, so a failure is the same every run. The projection reads the candidacies' earlier events from the events it is
/// given, enriched from the streams in hand (<see cref="HireFactContext.InContext"/>): no database.
/// </summary>
public sealed class PipelineCountsAgreeWithCandidaciesTests
{
    private static readonly Guid PartnerId = Guid.NewGuid();
    private static readonly Guid OtherPartnerId = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly VacancyDetails Details = new("Site engineer", "Builds things", "Engineering", "3403", 2, new DateOnly(2026, 4, 1), ["en"]);

    private sealed record CandidacyState(Guid Id, Guid VacancyId, CandidateStage Stage, bool Rejected);

    private sealed record History(List<IEvent> Events, HashSet<Guid> OpenVacancies, Dictionary<Guid, CandidacyState> Candidacies);

    // One step after another, each allowed by the decisions: introductions to open vacancies only; moves to another stage and
    // rejections of candidacies not rejected, whether their vacancy is still open or not. Another partner's events are mixed in.
    private static History RandomHistory(int seed, int steps, int vacancies)
    {
        var random = new Random(seed);
        var events = new List<IEvent>();
        var open = new HashSet<Guid>();
        var ofOther = new HashSet<Guid>();
        var candidacies = new Dictionary<Guid, CandidacyState>();
        var stages = Enum.GetValues<CandidateStage>();
        void Append(Guid streamId, object data) =>
            events.Add(new Event<object>(data) { StreamId = streamId, Sequence = events.Count + 1, TenantId = "region" });

        for (var posted = 0; posted < vacancies; posted++)
        {
            var vacancyId = Guid.NewGuid();
            var employer = posted % 5 == 4 ? OtherPartnerId : PartnerId;
            Append(vacancyId, new VacancyPosted(vacancyId, EmployerKind.Partner, employer, Guid.Empty, Details, At));
            (employer == PartnerId ? open : ofOther).Add(vacancyId);
        }
        for (var step = 0; step < steps; step++)
        {
            var live = candidacies.Values.Where(c => !c.Rejected).ToList();
            switch (random.Next(0, 10))
            {
                case < 4 when open.Count > 0:
                {
                    var vacancyId = open.ElementAt(random.Next(open.Count));
                    var candidacyId = Guid.NewGuid();
                    Append(candidacyId, new CandidateIntroduced(candidacyId, vacancyId, Guid.NewGuid(), EmployerKind.Partner, PartnerId, At));
                    candidacies[candidacyId] = new(candidacyId, vacancyId, CandidateStage.Introduced, false);
                    break;
                }
                case < 7 when live.Count > 0:
                {
                    var candidacy = live[random.Next(live.Count)];
                    var to = stages.Where(s => s != candidacy.Stage).ElementAt(random.Next(stages.Length - 1));
                    Append(candidacy.Id, new CandidateMovedToStage(candidacy.Id, EmployerKind.Partner, PartnerId, to, At));
                    candidacies[candidacy.Id] = candidacy with { Stage = to };
                    break;
                }
                case < 9 when live.Count > 0:
                {
                    var candidacy = live[random.Next(live.Count)];
                    Append(candidacy.Id, new CandidateRejected(candidacy.Id, EmployerKind.Partner, PartnerId, "Another profile", At));
                    candidacies[candidacy.Id] = candidacy with { Rejected = true };
                    break;
                }
                case 9:
                {
                    var roll = random.Next(0, 4);
                    if (roll == 0 && open.Count > 0)
                    {
                        var vacancyId = open.ElementAt(random.Next(open.Count));
                        Append(vacancyId, new VacancyClosed(vacancyId, EmployerKind.Partner, PartnerId, VacancyClosure.Filled, At));
                        open.Remove(vacancyId);
                    }
                    else if (roll == 1)
                    {
                        var vacancyId = Guid.NewGuid();
                        Append(vacancyId, new VacancyPosted(vacancyId, EmployerKind.Partner, PartnerId, Guid.Empty, Details, At));
                        open.Add(vacancyId);
                    }
                    else if (ofOther.Count > 0)
                    {
                        // Another partner's candidacy: never in this partner's counts.
                        var candidacyId = Guid.NewGuid();
                        Append(candidacyId, new CandidateIntroduced(candidacyId, ofOther.First(), Guid.NewGuid(), EmployerKind.Partner, OtherPartnerId, At));
                    }
                    break;
                }
            }
        }
        return new History(events, open, candidacies);
    }

    // As the projection's grouping does it: the partner's document gets the events naming it as employer.
    private static async Task<PartnerDashboardCounts> ProjectedAsync(History history)
    {
        var projection = new PartnerDashboardCountsProjection();
        PartnerDashboardCounts? counts = null;
        // As the daemon's enrichment hands them over, from the streams in hand: no store to read.
        var streams = history.Events.OrderBy(e => e.Sequence).ToLookup(e => e.StreamId);
        foreach (var e in history.Events.Where(e => EmployerOf(e.Data) == PartnerId))
        {
            var enriched = CandidacyFactContext.InContext(HireFactContext.InContext(e, streams), streams);
            counts = await projection.EvolveAsync(counts, PartnerId, null!, enriched, CancellationToken.None);
        }
        return counts.ShouldNotBeNull();
    }

    private static Guid EmployerOf(object data) => data switch
    {
        VacancyPosted posted => posted.EmployerId,
        VacancyClosed closed => closed.EmployerId,
        CandidateIntroduced introduced => introduced.EmployerId,
        CandidateMovedToStage moved => moved.EmployerId,
        CandidateRejected rejected => rejected.EmployerId,
        _ => Guid.Empty,
    };

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3), InlineData(4), InlineData(5), InlineData(6), InlineData(7), InlineData(8)]
    public async Task A_partners_pipeline_counts_are_its_open_vacancies_candidacies_not_rejected_per_stage(int seed)
    {
        var history = RandomHistory(seed, steps: 3_000, vacancies: 40);

        var counts = await ProjectedAsync(history);
        var figures = PartnerDashboardFigures.Compute(counts, new DateOnly(2026, 11, 25), "NOK");

        figures.OpenVacancies.ShouldBe(history.OpenVacancies.Count);
        counts.OpenVacancies.Keys.ShouldBe(history.OpenVacancies, ignoreOrder: true);
        var expected = Enum.GetValues<CandidateStage>().Select(stage => new CandidatesAtStage(stage,
            history.Candidacies.Values.Count(c => !c.Rejected && c.Stage == stage && history.OpenVacancies.Contains(c.VacancyId))));
        figures.CandidatesPerStage.ShouldBe(expected);
        foreach (var (vacancyId, stages) in counts.OpenVacancies)
        {
            stages.ShouldBe(Enum.GetValues<CandidateStage>().Select(stage =>
                history.Candidacies.Values.Count(c => c.VacancyId == vacancyId && !c.Rejected && c.Stage == stage)), $"vacancy {vacancyId}");
        }
    }

    [Fact]
    public async Task A_partners_pipeline_counts_hold_the_same_keys_and_about_the_same_size_for_ten_times_the_candidacies()
    {
        var (smaller, busier) = (await ProjectedAsync(Pipeline(candidacies: 2_000)), await ProjectedAsync(Pipeline(candidacies: 20_000)));

        busier.OpenVacancies.Keys.ShouldBe(smaller.OpenVacancies.Keys, ignoreOrder: true);
        busier.CandidatesAt(CandidateStage.Introduced).ShouldBeGreaterThan(9 * smaller.CandidatesAt(CandidateStage.Introduced));
        // Only the numbers grow (by a digit each at most): 50 open vacancies, whatever their candidacies.
        var (smallerLength, busierLength) = (JsonSerializer.Serialize(smaller).Length, JsonSerializer.Serialize(busier).Length);
        busierLength.ShouldBeLessThan(smallerLength + 50 * 5 + 20);
        busierLength.ShouldBeLessThan(5_000);
    }

    // The same 50 open vacancies, each with candidacies introduced, a third of them moved on and a tenth rejected.
    private static readonly Guid[] FiftyVacancies = [.. Enumerable.Range(0, 50).Select(_ => Guid.NewGuid())];

    private static History Pipeline(int candidacies)
    {
        var events = new List<IEvent>();
        void Append(Guid streamId, object data) =>
            events.Add(new Event<object>(data) { StreamId = streamId, Sequence = events.Count + 1, TenantId = "region" });
        foreach (var vacancyId in FiftyVacancies) Append(vacancyId, new VacancyPosted(vacancyId, EmployerKind.Partner, PartnerId, Guid.Empty, Details, At));
        for (var i = 0; i < candidacies; i++)
        {
            var candidacyId = Guid.NewGuid();
            Append(candidacyId, new CandidateIntroduced(candidacyId, FiftyVacancies[i % 50], Guid.NewGuid(), EmployerKind.Partner, PartnerId, At));
            if (i % 3 == 0) Append(candidacyId, new CandidateMovedToStage(candidacyId, EmployerKind.Partner, PartnerId, CandidateStage.Interview, At));
            if (i % 10 == 0) Append(candidacyId, new CandidateRejected(candidacyId, EmployerKind.Partner, PartnerId, "Another profile", At));
        }
        return new History(events, [.. FiftyVacancies], []);
    }
}
