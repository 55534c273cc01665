using Marten;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hires;

/// <summary>
/// Recording a hire reads everything it decides on in one batch (<see cref="HireContextQuery"/>), and billing's inline
/// projection stamps the fee with the billing events that batch read, without a query of its own during the write.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RecordHireReadsTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly Joined = new(2026, 1, 1);

    [Fact]
    public async Task A_hires_talent_partner_region_earlier_hires_their_employers_and_the_regions_billing_count_load_in_one_round_trip()
    {
        var region = await _api.RegionAsync();
        var earlierEmployer = await _api.PartnerAsync(region.Id, Joined);
        var partner = await _api.PartnerAsync(region.Id, Joined);
        var talent = await _api.TalentAsync();
        var earlierHire = await _api.HireAsync(talent, earlierEmployer, new DateOnly(2026, 2, 2));
        await _api.PostAsync($"/api/v1/regions/{region.Id}/billing-periods/2026-01/close", new { }, status: 200);

        await using var session = fixture.RegionSession();
        var batch = session.CreateBatchQuery();
        var loading = new HireContextQuery(new RecordHire(talent, partner, new DateOnly(2026, 3, 2))).Fetch(batch);
        await batch.Execute();
        var context = await loading;

        session.RequestCount.ShouldBe(1);
        context.Talent!.Talent.Id.ShouldBe(talent);
        context.Talent.Hires.ShouldHaveSingleItem().Id.ShouldBe(earlierHire);
        context.Talent.Employers.ShouldHaveSingleItem().Id.ShouldBe(earlierEmployer);
        context.Partner!.Id.ShouldBe(partner);
        context.Region!.Id.ShouldBe(region.Id);
        context.BillingChangesSeen.ShouldBe(1);
    }

    [Fact]
    public async Task A_partner_that_does_not_exist_loads_no_region_and_no_billing_count()
    {
        var talent = await _api.TalentAsync();

        await using var session = fixture.RegionSession();
        var batch = session.CreateBatchQuery();
        var loading = new HireContextQuery(new RecordHire(talent, Guid.NewGuid(), new DateOnly(2026, 3, 2))).Fetch(batch);
        await batch.Execute();
        var context = await loading;

        (context.Partner, context.Region, context.BillingChangesSeen).ShouldBe((null, null, 0));
        context.Talent!.Hires.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_recorded_hires_first_event_carries_the_billing_count_its_fee_was_stamped_with()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Joined);
        await _api.PostAsync($"/api/v1/regions/{region.Id}/billing-periods/2026-01/close", new { }, status: 200);
        await _api.PostAsync($"/api/v1/regions/{region.Id}/billing-periods/2026-01/reopen", new ReopenBillingPeriod("Closed too early"), status: 200);

        var hire = await _api.HireAsync(await _api.TalentAsync(), partner, new DateOnly(2026, 2, 2));

        await using var session = fixture.RegionSession();
        var recorded = (await session.Events.FetchStreamAsync(hire)).First();
        recorded.GetHeader(BillableHireProjection.BillingChangesSeenHeader)?.ToString().ShouldBe("2");
        (await session.LoadAsync<BillableHire>(hire))!.FeeSeen.ShouldBe(2);
        (await session.LoadAsync<RegionSettlement>(RegionBilling.StreamIdFor(region.Id)))!.Changes.ShouldBe(2);
    }
}
