using System.Net;
using Alba;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Municipalities;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

[Collection(PostgresCollection.Name)]
public sealed class StatementEndpointsTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    [Fact]
    public async Task A_partner_reads_its_own_statement_as_money_with_a_currency_and_not_another_partners()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 4, 16));
        var token = fixture.TokenFor(Roles.Partner, partner);

        var result = await _api.Host.Scenario(s => s.As(token).Get.Url($"/api/v1/partners/{partner}/statements/2026-04"));
        var json = await result.ReadAsTextAsync();

        json.ShouldContain("\"total\":{\"amount\":1250.00,\"currency\":\"NOK\"}");
        json.ShouldContain("\"month\":\"2026-04\"");
        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Partner, Guid.NewGuid())).Get.Url($"/api/v1/partners/{partner}/statements/2026-04");
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task A_municipality_paid_for_by_its_council_sees_its_lines_on_the_councils_statement()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number, Api.UniqueNumber());
        var municipality = await _api.MunicipalityAsync(region.Id, number, 12_000, Day(2026, 1, 1), LicencePayer.RegionalCouncil);

        var statements = await _api.GetAsync<List<Statement>>($"/api/v1/municipalities/{municipality}/statements/2026-02",
            fixture.TokenFor(Roles.Municipality, municipality));

        var council = statements.ShouldHaveSingleItem();
        council.PayerKind.ShouldBe(PayerKind.RegionalCouncil);
        council.PayerId.ShouldBe(region.Id);
        council.Total.Amount.ShouldBe(15_000m);
    }

    [Fact]
    public async Task Statements_answer_400_for_a_malformed_month_and_404_for_unknown_members()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));

        foreach (var (url, status) in new[]
        {
            ($"/api/v1/partners/{partner}/statements/March", 400),
            ($"/api/v1/regions/{region.Id}/statements/2026-13", 400),
            ($"/api/v1/partners/{Guid.NewGuid()}/statements/2026-03", 404),
            ($"/api/v1/municipalities/{Guid.NewGuid()}/statements/2026-03", 404),
            ($"/api/v1/regions/{Guid.NewGuid()}/statements/2026-03", 404),
        })
        {
            var result = await _api.Host.Scenario(s => { s.As(_api.Admin).Get.Url(url); s.StatusCodeShouldBe(status); });
            (await result.ReadProblemAsync()).Status.ShouldBe(status);
        }
    }

    [Fact]
    public async Task Closing_a_period_is_for_admins_once_in_order_and_a_racing_close_is_a_409()
    {
        var region = await _api.RegionAsync();
        await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var close = (string month) => $"/api/v1/regions/{region.Id}/billing-periods/{month}/close";

        await _api.Host.Scenario(s => { s.As(_api.Recruiter).Post.Json(new { }).ToUrl(close("2026-01")); s.StatusCodeShouldBe(403); });
        await _api.PostAsync($"/api/v1/regions/{Guid.NewGuid()}/billing-periods/2026-01/close", new { }, status: 404);
        await _api.PostAsync(close("January"), new { }, status: 400);
        await _api.PostAsync(close("2099-01"), new { }, status: 409);

        using var client = _api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _api.Admin);
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync(close("2026-01"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))));

        racing.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        racing.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        await _api.PostAsync(close("2026-03"), new { }, status: 409);
        await _api.PostAsync(close("2026-02"), new { }, status: 200);
    }
}
