using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Vacancies;
using Marten;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Privacy;

[Collection(PostgresCollection.Name)]
public sealed class ErasureTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    [Fact]
    public async Task After_erasure_no_table_holds_the_talents_personal_data_and_billing_is_unchanged()
    {
        // Talents register in a region: the region first.
        var region = await _api.RegionAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];
        var registration = TalentRequests.Registration($"erase.{marker}@example.com") with
        {
            FullName = $"Erika {marker}", Phone = $"+47 {Random.Shared.Next(10_000_000, 99_999_999)}",
            About = $"About {marker}", HeardAboutUsDetails = $"Heard {marker}",
        };
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");
        var token = fixture.TokenFor(Roles.Talent, talent);
        await _api.Host.Scenario(s => s.As(token).Put.Json(TalentRequests.ProfileUpdate(registration, 1) with { FullName = $"Erika M. {marker}" })
            .ToUrl($"/api/v1/talents/{talent}/profile"));
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var hire = await _api.HireAsync(talent, partner, new DateOnly(2026, 3, 2));
        var statementBefore = await StatementJson(partner);
        (await RowsMentioning(registration.Email)).ShouldNotBeEmpty();

        await _api.Host.Scenario(s => { s.As(token).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure"); s.StatusCodeShouldBe(204); });

        foreach (var personal in new[] { marker, registration.Email, registration.Phone!, registration.About! })
        {
            (await RowsMentioning(personal)).ShouldBeEmpty($"'{personal}' is still stored");
        }
        (await StatementJson(partner)).ShouldBe(statementBefore);
        (await _api.GetAsync<TalentPool.Hires.Hire>($"/api/v1/hires/{hire}", _api.Recruiter)).TalentId.ShouldBe(talent);
        await _api.Host.Scenario(s => { s.As(_api.Admin).Get.Url($"/api/v1/talents/{talent}"); s.StatusCodeShouldBe(404); });
        var history = await _api.GetAsync<List<Audit.AuditedEvent>>($"/api/v1/audit/streams/{talent}");
        history.Select(e => e.Type).ShouldBe(["talent_registered.v1", "talent_profile_updated.v1", "talent_erased.v1"]);
    }

    [Fact]
    public async Task After_erasure_the_free_text_members_wrote_about_the_talent_is_nowhere_and_the_anonymous_facts_are_unchanged()
    {
        // Talents register in a region: the region first.
        var region = await _api.RegionAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];
        var registration = TalentRequests.Registration($"quoted.{marker}@example.org") with { FullName = $"Quentin {marker}" };
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");
        var quoted = $"{registration.FullName} ({registration.Email})";
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var otherPartner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));

        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(
            new VacancyDetails("Site engineer", "Builds things", "Engineering", region.MunicipalityNumbers[0], 1, new DateOnly(2027, 6, 1), ["en"]),
            EmployerKind.Partner, partner));
        var candidacy = await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), _api.Recruiter);
        await _api.PostAsync($"/api/v1/candidates/{candidacy}/rejection", new RejectCandidate($"{quoted} did not show up"), _api.Recruiter, 200);
        var cancelled = await _api.HireAsync(talent, partner, new DateOnly(2026, 3, 2));
        await _api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(new DateOnly(2026, 3, 20), $"{quoted} failed probation"), _api.Recruiter, 200);
        var ended = await _api.HireAsync(talent, otherPartner, new DateOnly(2026, 3, 25));
        await _api.PostAsync($"/api/v1/hires/{ended}/accompanying-partner-employment",
            new RecordAccompanyingPartnerEmployment(new DateOnly(2026, 4, 1), $"Married to {quoted}"), _api.Recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{ended}/end", new EndEmployment(new DateOnly(2026, 5, 1), true, $"{quoted} moved to Oslo"), _api.Recruiter, 200);
        var statementsBefore = new[] { await StatementJson(partner), await StatementJson(otherPartner) };
        var dashboardsBefore = new[] { await DashboardFigures(partner), await DashboardFigures(otherPartner) };
        (await RowsMentioning(registration.Email)).ShouldContain("mt_events");

        for (var i = 0; i < 2; i++)
        {
            await _api.Host.Scenario(s => { s.As(_api.Admin).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure"); s.StatusCodeShouldBe(204); });
        }

        foreach (var personal in new[] { marker, registration.Email })
        {
            (await RowsMentioning(personal)).ShouldBeEmpty($"'{personal}' is still stored");
        }
        new[] { await StatementJson(partner), await StatementJson(otherPartner) }.ShouldBe(statementsBefore);
        new[] { await DashboardFigures(partner), await DashboardFigures(otherPartner) }.ShouldBe(dashboardsBefore);

        var candidate = await _api.GetAsync<CandidateDetails>($"/api/v1/candidates/{candidacy}", _api.Recruiter);
        candidate.Rejected.ShouldBeTrue();
        candidate.RejectionReason.ShouldBe(ErasedText.Value);
        (await _api.GetAsync<List<Audit.AuditedEvent>>($"/api/v1/audit/streams/{candidacy}")).Count(e => e.Type == "candidacy_text_erased.v1").ShouldBe(1);
        (await _api.GetAsync<HireDetails>($"/api/v1/hires/{cancelled}", _api.Recruiter)).Status.ShouldBe(HireStatus.Cancelled);
        (await _api.GetAsync<HireDetails>($"/api/v1/hires/{ended}", _api.Recruiter)).LeftRegion.ShouldBe(true);

        await ShouldRebuildAsLive<CandidateDetails>(candidacy);
        await ShouldRebuildAsLive<Hire>(cancelled);
        await ShouldRebuildAsLive<Hire>(ended);
    }

    [Fact]
    public async Task Erasing_twice_is_harmless_and_the_e_mail_can_register_again()
    {
        var registration = TalentRequests.Registration();
        var talent = await _api.PostAsync("/api/v1/talents", registration, token: "");

        for (var i = 0; i < 2; i++)
        {
            await _api.Host.Scenario(s => { s.As(_api.Admin).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure"); s.StatusCodeShouldBe(204); });
        }

        var history = await _api.GetAsync<List<Audit.AuditedEvent>>($"/api/v1/audit/streams/{talent}");
        history.Count(e => e.Type == "talent_erased.v1").ShouldBe(1);
        await _api.PostAsync("/api/v1/talents", registration, token: "");
        await _api.Host.Scenario(s => { s.As(_api.Admin).Post.Json(new { }).ToUrl($"/api/v1/talents/{Guid.NewGuid()}/erasure"); s.StatusCodeShouldBe(404); });
    }

    private async Task<string> DashboardFigures(Guid partner)
    {
        var answer = await _api.GetAsync<PartnerDashboardAnswer>($"/api/v1/partners/{partner}/dashboard?waitForWrites=true");
        return System.Text.Json.JsonSerializer.Serialize(answer.Figures);
    }

    private Task ShouldRebuildAsLive<T>(Guid id) where T : class => StoredRows.ShouldRebuildAsLiveAsync<T>(fixture, id);

    private async Task<string> StatementJson(Guid partner)
    {
        var result = await _api.Host.Scenario(s => s.As(_api.Admin).Get.Url($"/api/v1/partners/{partner}/statements/2026-03"));
        return await result.ReadAsTextAsync();
    }

    private Task<List<string>> RowsMentioning(string value) => StoredRows.MentioningAsync(fixture, value);
}
