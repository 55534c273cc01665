using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Privacy;

/// <summary>
/// Erasure forgets the free text about the talent written before it (ErasureTests), and what is written after it: a reason
/// members give later, and the occupation of the talent's accompanying partner, in the profile and in the hires.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TextAboutAnErasedTalentTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    private Task EraseAsync(Guid talent) =>
        _api.Host.Scenario(s => { s.As(_api.Admin).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure"); s.StatusCodeShouldBe(204); });

    [Fact]
    public async Task Reasons_written_after_the_talents_erasure_are_accepted_but_stored_and_shown_masked()
    {
        // Talents register in a region: the region first.
        var region = await _api.RegionAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];
        var registration = TalentRequests.Registration($"later.{marker}@example.org") with { FullName = $"Lena {marker}" };
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");
        var quoted = $"{registration.FullName} ({registration.Email})";
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var otherPartner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(
            new VacancyDetails("Welder", "Welds things", "Welding", region.MunicipalityNumbers[0], 1, new DateOnly(2027, 6, 1), ["en"]),
            EmployerKind.Partner, partner));
        var candidacy = await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), _api.Recruiter);
        var cancelled = await _api.HireAsync(talent, partner, new DateOnly(2026, 3, 2));
        var ended = await _api.HireAsync(talent, otherPartner, new DateOnly(2026, 3, 25));

        await EraseAsync(talent);
        var rejected = await _api.Host.Scenario(s =>
        {
            s.As(_api.Recruiter).Post.Json(new RejectCandidate($"{quoted} did not show up")).ToUrl($"/api/v1/candidates/{candidacy}/rejection");
            s.StatusCodeShouldBe(200);
        });
        await _api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(new DateOnly(2026, 3, 20), $"{quoted} failed probation"), _api.Recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{ended}/accompanying-partner-employment",
            new RecordAccompanyingPartnerEmployment(new DateOnly(2026, 4, 1), $"Married to {quoted}"), _api.Recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{ended}/end", new EndEmployment(new DateOnly(2026, 5, 1), true, $"{quoted} moved to Oslo"), _api.Recruiter, 200);

        (await rejected.ReadAsJsonAsync<CandidateDetails>())!.RejectionReason.ShouldBe(ErasedText.Value);
        foreach (var personal in new[] { marker, registration.Email })
        {
            (await StoredRows.MentioningAsync(fixture, personal)).ShouldBeEmpty($"'{personal}' is stored again");
        }
        await using var session = fixture.RegionSession();
        var written = (await session.Events.FetchStreamAsync(candidacy)).Concat(await session.Events.FetchStreamAsync(cancelled))
            .Concat(await session.Events.FetchStreamAsync(ended)).Select(e => e.Data).ToList();
        written.OfType<CandidateRejected>().Single().Reason.ShouldBe(ErasedText.Value);
        written.OfType<HireCancelled>().Single().Reason.ShouldBe(ErasedText.Value);
        written.OfType<EmploymentEnded>().Single().Reason.ShouldBe(ErasedText.Value);
        written.OfType<AccompanyingPartnerEmployed>().Single().Occupation.ShouldBe(ErasedText.Value);
        var hire = await _api.GetAsync<HireDetails>($"/api/v1/hires/{ended}", _api.Recruiter);
        (hire.Status, hire.LeftRegion, hire.AccompanyingPartnerEmployedOn).ShouldBe((HireStatus.Ended, true, new DateOnly(2026, 4, 1)));
        (await _api.GetAsync<HireDetails>($"/api/v1/hires/{cancelled}", _api.Recruiter)).Status.ShouldBe(HireStatus.Cancelled);

        await StoredRows.ShouldRebuildAsLiveAsync<CandidateDetails>(fixture, candidacy);
        await StoredRows.ShouldRebuildAsLiveAsync<Hire>(fixture, ended);
    }

    [Fact]
    public async Task The_accompanying_partners_occupation_is_erased_with_the_talent_and_the_plus_one_stays_counted()
    {
        // Talents register in a region: the region first.
        var region = await _api.RegionAsync();
        var (registered, updated, employed) = ($"Kindergarten teacher {Guid.NewGuid():N}", $"Welder {Guid.NewGuid():N}", $"Nurse {Guid.NewGuid():N}");
        var registration = TalentRequests.Registration() with { AccompanyingPartner = new AccompanyingPartner(registered) };
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");
        await _api.Host.Scenario(s => s.As(fixture.TokenFor(Roles.Talent, talent))
            .Put.Json(TalentRequests.ProfileUpdate(registration, 1) with { AccompanyingPartner = new AccompanyingPartner(updated) })
            .ToUrl($"/api/v1/talents/{talent}/profile"));
        var hire = await _api.HireAsync(talent, await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1)), new DateOnly(2026, 3, 2));
        await _api.PostAsync($"/api/v1/hires/{hire}/accompanying-partner-employment",
            new RecordAccompanyingPartnerEmployment(new DateOnly(2026, 4, 1), employed), _api.Recruiter, 200);
        (await StoredRows.MentioningAsync(fixture, updated)).ShouldContain("mt_events");

        await EraseAsync(talent);

        foreach (var occupation in new[] { registered, updated, employed })
        {
            (await StoredRows.MentioningAsync(fixture, occupation)).ShouldBeEmpty($"'{occupation}' is still stored");
        }
        await using var session = fixture.RegionSession();
        var talentEvents = (await session.Events.FetchStreamAsync(talent)).Select(e => e.Data).ToList();
        talentEvents.OfType<TalentRegistered>().Single().Profile.AccompanyingPartner.ShouldBe(new AccompanyingPartner(ErasedText.Value));
        talentEvents.OfType<TalentProfileUpdated>().Single().Profile.AccompanyingPartner.ShouldBe(new AccompanyingPartner(ErasedText.Value));
        var hireEvents = (await session.Events.FetchStreamAsync(hire)).Select(e => e.Data).ToList();
        hireEvents.OfType<HireRecorded>().Single().TalentHasAccompanyingPartner.ShouldBe(true);
        hireEvents.OfType<AccompanyingPartnerEmployed>().Single().Occupation.ShouldBe(ErasedText.Value);
        (await session.LoadAsync<Talent>(talent)).ShouldBeNull();
        (await session.LoadAsync<SharedTalent>(talent)).ShouldBeNull();
    }
}
