using System.Text.Json;
using Marten;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

/// <summary>A month closed by mistake is opened again by an event, last closed month first, and billed as open until closed again.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReopenBillingPeriodTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    [Fact]
    public async Task Given_January_and_February_closed_When_February_is_reopened_Then_a_late_hire_is_billed_in_February_itself()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        string Period(string month, string action) => $"/api/v1/regions/{region.Id}/billing-periods/{month}/{action}";
        await _api.PostAsync(Period("2026-01", "close"), new { }, status: 200);
        await _api.PostAsync(Period("2026-02", "close"), new { }, status: 200);

        var reason = new ReopenBillingPeriod("Closed before the February hires were in");
        await _api.PostAsync(Period("2026-01", "reopen"), reason, status: 409); // February is closed after it
        await _api.PostAsync(Period("2026-03", "reopen"), reason, status: 409); // never closed
        await _api.PostAsync(Period("2026-02", "reopen"), reason, _api.Recruiter, status: 403);
        var reopened = await _api.Host.Scenario(s => s.As(_api.Admin).Post.Json(reason).ToUrl(Period("2026-02", "reopen")));
        var answer = (await reopened.ReadAsJsonAsync<JsonElement>());
        answer.GetProperty("closedMonths").EnumerateArray().Select(m => m.GetString()).ShouldBe(["2026-01"]);

        var talent = await _api.TalentAsync();
        await _api.HireAsync(talent, partner, new DateOnly(2026, 2, 20));
        var february = await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-02");
        february.Closed.ShouldBeFalse();
        february.Lines.ShouldContain(line => line.Kind == LineKind.HireFee && line.Corrects == null);
        february.Total.Amount.ShouldBe(2_500m + 20_000m); // standard licence for the whole month + the fee

        await _api.PostAsync(Period("2026-02", "close"), new { }, status: 200);
        var closedAgain = await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-02");
        closedAgain.Closed.ShouldBeTrue();
        closedAgain.Total.Amount.ShouldBe(22_500m);
        (await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-03")).Lines.ShouldNotContain(line => line.Corrects != null);

        await using var session = fixture.RegionSession();
        var facts = await session.Events.FetchStreamAsync(RegionBilling.StreamIdFor(region.Id));
        facts.Select(e => e.EventTypeName).ShouldBe(
            ["billing_period_closed.v1", "billing_period_closed.v1", "billing_period_reopened.v1", "billing_period_closed.v1"]);
        ((BillingPeriodReopened)facts[2].Data).Reason.ShouldBe(reason.Reason);
    }
}
