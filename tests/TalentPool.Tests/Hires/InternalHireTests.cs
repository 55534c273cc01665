using TalentPool.Hires;
using TalentPool.Partners;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hires;

/// <summary>
/// PRODUCT.md: "Internal hire: the talent was already employed by another member in the region." The employer must be
/// a member on the hire date: a partner whose membership has ended may still employ the talent, but then the hire is
/// not internal, and it names no previous employer.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InternalHireTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    [Theory]
    [InlineData("2026-05-31", HireClassification.Internal)] // the last day of its membership
    [InlineData("2026-06-01", HireClassification.External)] // the first day without: the talent lives abroad
    public async Task A_hire_of_a_talent_another_partner_employs_is_internal_only_while_that_partner_is_a_member(
        string hiredOn, HireClassification expected)
    {
        var region = await _api.RegionAsync();
        var employer = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var hiring = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var talent = await _api.TalentAsync("IN");
        await _api.HireAsync(talent, employer, new DateOnly(2026, 2, 2));
        await _api.PostAsync($"/api/v1/partners/{employer}/cancellation",
            new CancelPartnerMembership(new DateOnly(2026, 6, 1), "Moves its recruiting elsewhere"), _api.Admin, 200);

        var hire = await _api.GetAsync<HireDetails>(
            $"/api/v1/hires/{await _api.HireAsync(talent, hiring, DateOnly.Parse(hiredOn))}", _api.Admin);

        hire.Classification.ShouldBe(expected);
        hire.PreviousEmployerId.ShouldBe(expected == HireClassification.Internal ? employer : null);
    }
}
