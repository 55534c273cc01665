using System.Net;
using System.Net.Http.Json;
using Marten;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

[Collection(PostgresCollection.Name)]
public sealed class HireEndpointsTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    [Fact]
    public async Task A_hire_of_a_talent_from_abroad_is_external_and_carries_the_fee_of_the_partners_tier()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var talent = await _api.TalentAsync(country: "IN");

        var hireId = await _api.HireAsync(talent, partner, Day(2026, 3, 2));
        var hire = await _api.GetAsync<HireDetails>($"/api/v1/hires/{hireId}", _api.Recruiter);

        hire.Classification.ShouldBe(HireClassification.External);
        hire.Fee.ShouldBe(new Common.Money(20_000m, "NOK"));
        hire.RegionId.ShouldBe(region.Id);
    }

    [Fact]
    public async Task A_hire_naming_a_vacancy_that_does_not_exist_is_404_and_records_nothing()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var talent = await _api.TalentAsync();

        await _api.Host.Scenario(s =>
        {
            s.As(_api.Recruiter).Post.Json(new RecordHire(talent, partner, Day(2026, 3, 2), Guid.NewGuid(), Day(2026, 3, 2))).ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(404);
        });

        await using var session = fixture.RegionSession();
        (await session.Query<Hire>().CountAsync(h => h.TalentId == talent)).ShouldBe(0);
    }

    [Fact]
    public async Task A_hire_outside_the_regions_municipalities_is_409_and_records_nothing()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var talent = await _api.TalentAsync();

        await _api.Host.Scenario(s =>
        {
            s.As(_api.Recruiter).Post.Json(new RecordHire(talent, partner, Day(2026, 3, 2), HiredOn: Day(2026, 3, 2), WorkplaceMunicipality: "0301"))
                .ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(409);
        });

        await using var session = fixture.RegionSession();
        (await session.Query<Hire>().CountAsync(h => h.TalentId == talent)).ShouldBe(0);
    }

    [Fact]
    public async Task A_talent_employed_by_another_member_is_an_internal_hire_and_one_living_in_the_region_local()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number);
        var first = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var second = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), founding: true);
        var talent = await _api.TalentAsync(country: "IN");
        var local = await _api.TalentAsync(country: "NO", municipality: number);

        await _api.HireAsync(talent, first, Day(2026, 2, 1));
        var poached = await _api.GetAsync<HireDetails>($"/api/v1/hires/{await _api.HireAsync(talent, second, Day(2026, 5, 1))}", _api.Recruiter);
        var neighbour = await _api.GetAsync<HireDetails>($"/api/v1/hires/{await _api.HireAsync(local, first, Day(2026, 5, 1))}", _api.Recruiter);

        poached.Classification.ShouldBe(HireClassification.Internal);
        poached.PreviousEmployerId.ShouldBe(first);
        poached.Fee.Amount.ShouldBe(0m); // founding partners pay no per-hire fee
        neighbour.Classification.ShouldBe(HireClassification.Local);
    }

    [Fact]
    public async Task The_same_hire_sent_in_parallel_with_one_idempotency_key_is_recorded_and_billed_exactly_once()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var talent = await _api.TalentAsync();
        var key = Guid.NewGuid().ToString();
        using var client = _api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _api.Recruiter);
        client.DefaultRequestHeaders.Add("Idempotency-Key", key);
        var command = new RecordHire(talent, partner, Day(2026, 3, 1), HiredOn: Day(2026, 3, 1));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("/api/v1/hires", command, Json.Options)));

        responses.Select(r => r.StatusCode).ShouldAllBe(status => status == HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<CreatedResponse>(Json.Options))!.Id));
        ids.Distinct().ShouldHaveSingleItem();
        await using var session = fixture.RegionSession();
        (await session.Query<Hire>().CountAsync(h => h.PartnerId == partner)).ShouldBe(1);
        var statement = await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-03");
        statement.Lines.Count(l => l.Kind == LineKind.HireFee).ShouldBe(1);
    }

    [Fact]
    public async Task A_reused_idempotency_key_with_another_request_is_refused_and_a_missing_key_is_a_400()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var key = Guid.NewGuid().ToString();
        await _api.HireAsync(await _api.TalentAsync(), partner, Day(2026, 3, 1), key);

        await _api.Host.Scenario(s =>
        {
            s.As(_api.Recruiter).Post.Json(new RecordHire(Guid.NewGuid(), partner, Day(2026, 3, 1))).ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", key);
            s.StatusCodeShouldBe(422);
        });
        await _api.Host.Scenario(s =>
        {
            s.As(_api.Recruiter).Post.Json(new RecordHire(Guid.NewGuid(), partner, Day(2026, 3, 1))).ToUrl("/api/v1/hires");
            s.StatusCodeShouldBe(400);
        });
    }

    [Fact]
    public async Task Recording_a_hire_answers_404_for_unknown_talents_409_for_a_non_member_and_403_for_a_partner()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 6, 1));
        var talent = await _api.TalentAsync();

        async Task Expect(RecordHire command, int status, string? token = null) => await _api.Host.Scenario(s =>
        {
            s.As(token ?? _api.Recruiter).Post.Json(command).ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(status);
        });

        await Expect(new RecordHire(Guid.NewGuid(), partner, Day(2026, 7, 1), HiredOn: Day(2026, 7, 1)), 404);
        await Expect(new RecordHire(talent, Guid.NewGuid(), Day(2026, 7, 1), HiredOn: Day(2026, 7, 1)), 404);
        await Expect(new RecordHire(talent, partner, Day(2026, 3, 1), HiredOn: Day(2026, 3, 1)), 409);
        await Expect(new RecordHire(Guid.Empty, partner, default), 400);
        await Expect(new RecordHire(talent, partner, Day(2026, 7, 1), HiredOn: Day(2026, 7, 1)), 403, fixture.TokenFor(Roles.Partner, partner));
    }

    [Fact]
    public async Task A_hire_is_cancelled_once_an_employment_ends_and_the_accompanying_partner_finds_work()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var cancelled = await _api.HireAsync(await _api.TalentAsync(), partner, Day(2026, 3, 1));
        var ended = await _api.HireAsync(await _api.TalentAsync(), partner, Day(2026, 3, 1));

        await _api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(Day(2026, 4, 10), "Probation"), _api.Recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(Day(2026, 4, 11), "Again"), _api.Recruiter, 409);
        await _api.PostAsync($"/api/v1/hires/{ended}/accompanying-partner-employment", new RecordAccompanyingPartnerEmployment(Day(2026, 5, 1), "Nurse", partner), _api.Recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{ended}/end", new EndEmployment(Day(2026, 9, 1), LeftRegion: true, "Moved home"), _api.Recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{Guid.NewGuid()}/end", new EndEmployment(Day(2026, 9, 1), true, "x"), _api.Recruiter, 404);
        await _api.PostAsync($"/api/v1/hires/{ended}/end", new EndEmployment(default, true, ""), _api.Recruiter, 400);

        var hire = await _api.GetAsync<HireDetails>($"/api/v1/hires/{ended}", _api.Recruiter);
        hire.Status.ShouldBe(HireStatus.Ended);
        hire.LeftRegion.ShouldBe(true);
        hire.AccompanyingPartnerEmployedOn.ShouldBe(Day(2026, 5, 1));
        var april = await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-04");
        april.Lines.Single(l => l.Kind == LineKind.HireFeeCredit).Amount.Amount.ShouldBe(-20_000m);
    }
}
