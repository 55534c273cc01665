using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// A C# developer generates a client with Kiota from the OpenAPI document and reads what the service sends.
/// Every call of a tour is checked against the raw response: each non-null value arrives, nothing is dropped or
/// left to AdditionalData (see <see cref="WireComparison"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientReadsEverythingTests(TalentPoolFixture fixture)
{
    private readonly ClientTour _tour = new(fixture);

    [Fact]
    public async Task A_region_its_price_lists_partners_and_municipalities_arrive_whole_in_the_generated_client()
    {
        await _tour.RegionsAndMembersAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_talent_its_consents_its_profile_and_the_shared_talent_base_arrive_whole_in_the_generated_client()
    {
        await _tour.TalentsAndTheSharedBaseAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public async Task Vacancies_candidates_hires_and_the_audit_trail_arrive_whole_in_the_generated_client()
    {
        await _tour.RecruitingAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_members_webhooks_and_their_delivery_log_arrive_whole_in_the_generated_client()
    {
        await _tour.WebhooksAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_partners_change_feeds_arrive_whole_in_the_generated_client()
    {
        await _tour.SyncAsync();

        _tour.Losses.ShouldBeEmpty();
    }
}
