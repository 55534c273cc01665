using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Municipalities;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Municipalities;

[Collection(PostgresCollection.Name)]
public sealed class FutureDatedLeavingTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private DateOnly Today => fixture.Host.Services.GetRequiredService<TimeProvider>().Today();

    [Fact]
    public async Task A_municipality_whose_leaving_takes_effect_in_seven_months_posts_and_is_billed_until_then()
    {
        var thisMonth = BillingMonth.Of(Today);
        var leftOn = thisMonth.FirstDay.AddMonths(7);
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number, Api.UniqueNumber()); // one of two members: the population band applies
        var municipality = await _api.MunicipalityAsync(region.Id, number, 8_000, thisMonth.FirstDay.AddMonths(-2));

        await _api.PostAsync($"/api/v1/municipalities/{municipality}/leave", new LeaveMunicipalityMembership(leftOn, "Budget"), status: 200);

        await _api.PostAsync("/api/v1/vacancies",
            new PostVacancy(new VacancyDetails("Nurse", "Home care.", "Health", number, 1, Today.AddMonths(2), ["nb"]), null, null),
            fixture.TokenFor(Roles.Municipality, municipality));
        var again = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new LeaveMunicipalityMembership(leftOn.AddMonths(-2), "Sooner")).ToUrl($"/api/v1/municipalities/{municipality}/leave");
            s.StatusCodeShouldBe(409);
        });
        (await again.ReadProblemAsync()).Detail!.ShouldContain($"its membership ends on {leftOn:yyyy-MM-dd}");
        (await _api.GetAsync<MunicipalityDetails>($"/api/v1/municipalities/{municipality}")).Version.ShouldBe(2);

        // 8 000 inhabitants: the band licence of 10 000 a month, every month up to the one it leaves in.
        (await StatementsAsync(municipality, BillingMonth.Of(leftOn).Previous)).ShouldHaveSingleItem().Total.Amount.ShouldBe(10_000.00m);
        (await StatementsAsync(municipality, BillingMonth.Of(leftOn))).ShouldBeEmpty();
    }

    private Task<List<Statement>> StatementsAsync(Guid municipality, BillingMonth month) =>
        _api.GetAsync<List<Statement>>($"/api/v1/municipalities/{municipality}/statements/{month}");
}
