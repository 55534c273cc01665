using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Partners;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Partners;

/// <summary>A cancellation recorded today that takes effect months later, through the HTTP pipeline and the service's own clock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FutureDatedCancellationTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private DateOnly Today => fixture.Host.Services.GetRequiredService<TimeProvider>().Today();

    [Fact]
    public async Task A_partner_whose_cancellation_takes_effect_in_seven_months_posts_changes_tier_and_is_billed_until_then()
    {
        var thisMonth = BillingMonth.Of(Today);
        var endsOn = thisMonth.FirstDay.AddMonths(7);
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, thisMonth.FirstDay.AddMonths(-2), employees: 200);
        var token = fixture.TokenFor(Roles.Partner, partner);

        await _api.PostAsync($"/api/v1/partners/{partner}/cancellation", new CancelPartnerMembership(endsOn, "Moves to Oslo"), status: 200);

        (await _api.GetAsync<PartnerDetails>($"/api/v1/partners/{partner}")).IsMember.ShouldBeTrue();
        await _api.PostAsync("/api/v1/vacancies",
            new PostVacancy(new VacancyDetails("Welder", "TIG welding.", "Welding", "3403", 1, Today.AddMonths(2), ["nb"]), null, null), token);
        await _api.PostAsync($"/api/v1/partners/{partner}/tier", new ChangePartnerTier(false, 30, thisMonth.Next.FirstDay), status: 200);

        var again = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new CancelPartnerMembership(endsOn.AddMonths(-1), "Sooner")).ToUrl($"/api/v1/partners/{partner}/cancellation");
            s.StatusCodeShouldBe(409);
        });
        (await again.ReadProblemAsync()).Detail.ShouldBe($"A cancellation is pending already: the membership ends on {endsOn:yyyy-MM-dd}.");
        await _api.PostAsync($"/api/v1/partners/{partner}/rejoin", new RejoinPartner(false, 30, endsOn), status: 409);
        (await _api.GetAsync<PartnerDetails>($"/api/v1/partners/{partner}")).Version.ShouldBe(3);

        // Standard this month (2 500), small from next month (1 000) up to the last month before the cancellation, nothing after.
        (await StatementAsync(partner, thisMonth)).Total.Amount.ShouldBe(2_500.00m);
        (await StatementAsync(partner, BillingMonth.Of(endsOn).Previous)).Total.Amount.ShouldBe(1_000.00m);
        (await StatementAsync(partner, BillingMonth.Of(endsOn))).Lines.ShouldBeEmpty();
    }

    private Task<Statement> StatementAsync(Guid partner, BillingMonth month) =>
        _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/{month}");
}
