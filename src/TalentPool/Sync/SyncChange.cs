using TalentPool.Common;

namespace TalentPool.Sync;

/// <summary>The lists a member can mirror through the change feed.</summary>
public enum SyncList { Vacancies, Candidates, Hires, SharedTalents, Statements }

/// <summary>What a change tells a mirror: keep the item as given (<c>Upsert</c>), or forget it (<c>Tombstone</c>).</summary>
public enum ChangeKind { Upsert, Tombstone }

/// <summary>
/// One row of the change feed: the latest change of one item of one list, for one audience (the member whose list it is,
/// or, in the shared base, the kind of member a consent is given to). Ids only, never an item's data: an upsert is read
/// from the live read model when the feed is read, so an erasure or a masking leaves nothing behind here. Written again
/// at each change of the item (same id, a later <c>Position</c>), so the feed keeps one row per item and audience
/// whatever the history: the storage grows with the items, not with their changes.
/// </summary>
public sealed class SyncChange
{
    /// <summary><c>{list}:{audience}:{itemId}</c>.</summary>
    public string Id { get; set; } = "";
    public SyncList List { get; set; }

    /// <summary>A member's id (its vacancies, candidates, hires), or a <c>ConsentScope</c>'s name in the shared base.</summary>
    public string Audience { get; set; } = "";
    /// <summary>The item's id; in the statements, the payer's (a partner, a municipality, or the region for its regional council).</summary>
    public Guid ItemId { get; set; }

    /// <summary>The statements only: the statement's month (the item is the payer's statement of that month).</summary>
    public BillingMonth? Month { get; set; }
    public ChangeKind Kind { get; set; }

    /// <summary>
    /// The shared base's rows for other regions (<see cref="SyncChanges.OtherRegionsAudience"/>) only: every region the talent
    /// ever consented to be seen in (a region's tenant id, or <c>*</c> for every region) — so a region that may no longer see
    /// the talent still hears to forget it, and a region never named hears nothing.
    /// </summary>
    public List<string>? VisibleIn { get; set; }

    /// <summary>The same rows: the talent's home region's tenant, where the row lives (a reader skips its own region's).</summary>
    public string? Home { get; set; }

    /// <summary>The sequence of the last event that changed the item: the feed's order and its cursor.</summary>
    public long Position { get; set; }

    public static string IdOf(SyncList list, string audience, Guid itemId) => $"{list}:{audience}:{itemId}";

    /// <summary>A payer's statement of a month, for one audience (<see cref="StatementChanges"/>): always an upsert, read live.</summary>
    public static SyncChange ForStatement(string audience, Guid payerId, BillingMonth month, long position) => new()
    {
        Id = $"{SyncList.Statements}:{audience}:{payerId}/{month}", List = SyncList.Statements, Audience = audience,
        ItemId = payerId, Month = month, Kind = ChangeKind.Upsert, Position = position,
    };

    public static SyncChange Of(SyncList list, string audience, Guid itemId, ChangeKind kind, long position) => new()
    {
        Id = IdOf(list, audience, itemId), List = list, Audience = audience, ItemId = itemId, Kind = kind, Position = position,
    };
}
