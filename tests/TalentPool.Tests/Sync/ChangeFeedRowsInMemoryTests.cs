using TalentPool.Common;
using TalentPool.Sync;
using TalentPool.Talents;

namespace TalentPool.Tests.Sync;

/// <summary>
/// The change feed's rows kept in memory during a rebuild (<see cref="ChangeFeedRowsInMemory"/>) answer what the emptied tables
/// would hold after the upserts so far: the last row per id and tenant, the shared base's rows of a talent in its tenant only,
/// and states as fresh copies (the rules change a state in place; only a store keeps the change). Without a database; that the
/// rows copied in equal the live feed's is in <c>ReadModelRebuildTests</c>.
/// </summary>
public sealed class ChangeFeedRowsInMemoryTests
{
    private const string Home = "region-a", Other = "region-b";

    [Fact]
    public async Task A_row_written_again_replaces_the_one_of_its_id_and_a_talents_rows_are_found_in_its_own_tenant_only()
    {
        var (talent, stranger) = (Guid.NewGuid(), Guid.NewGuid());
        var rows = new ChangeFeedRowsInMemory();
        rows.Store(Home, [SyncChange.Of(SyncList.SharedTalents, nameof(ConsentScope.Partners), talent, ChangeKind.Upsert, 10)]);
        rows.Store(Home, [SyncChange.Of(SyncList.SharedTalents, nameof(ConsentScope.Partners), talent, ChangeKind.Tombstone, 12),
            SyncChange.Of(SyncList.SharedTalents, nameof(ConsentScope.Municipalities), talent, ChangeKind.Upsert, 12)]);
        rows.Store(Home, [SyncChange.Of(SyncList.Vacancies, Guid.NewGuid().ToString(), talent, ChangeKind.Upsert, 13)]);
        rows.Store(Other, [SyncChange.Of(SyncList.SharedTalents, nameof(ConsentScope.Partners), stranger, ChangeKind.Upsert, 14)]);

        var found = await rows.SharedTalentRowsAsync(Home, [talent, stranger], CancellationToken.None);

        found.Select(r => (r.Audience, r.Kind, r.Position)).OrderBy(r => r.Audience)
            .ShouldBe([(nameof(ConsentScope.Municipalities), ChangeKind.Upsert, 12L), (nameof(ConsentScope.Partners), ChangeKind.Tombstone, 12L)]);
        (await rows.SharedTalentRowsAsync(Other, [talent], CancellationToken.None)).ShouldBeEmpty();
        rows.RowCount.ShouldBe(4);
        rows.RowsByTenant.ToDictionary(t => t.Tenant, t => t.Rows.Count).ShouldBe(new Dictionary<string, int> { [Home] = 3, [Other] = 1 });
    }

    [Fact]
    public async Task A_state_is_answered_as_a_copy_and_kept_changed_only_when_stored_again()
    {
        var region = Guid.NewGuid();
        var rows = new ChangeFeedRowsInMemory();
        rows.Store(Home, new StatementFeedState { Id = region, Tenant = Home, Country = "NO" });

        var read = (await rows.StateAsync(Home, region, CancellationToken.None)).ShouldNotBeNull();
        read.Partners.Add(Guid.NewGuid());
        read.ClosedMonths.Add(new BillingMonth(2026, 1));
        (await rows.StateAsync(Home, region, CancellationToken.None))!.Partners.ShouldBeEmpty();
        (await rows.StateAsync(Other, region, CancellationToken.None)).ShouldBeNull();
        (await rows.StatesOfCountryAsync("NO", CancellationToken.None)).ShouldHaveSingleItem().ClosedMonths.ShouldBeEmpty();

        rows.Store(Home, read);
        read.Partners.Clear();
        (await rows.StateAsync(Home, region, CancellationToken.None))!.Partners.Count.ShouldBe(1);
        (await rows.StatesOfCountryAsync("SE", CancellationToken.None)).ShouldBeEmpty();
        rows.StatesByTenant.ShouldHaveSingleItem().Tenant.ShouldBe(Home);
    }
}
