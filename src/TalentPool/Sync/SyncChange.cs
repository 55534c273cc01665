namespace TalentPool.Sync;

/// <summary>The lists a member can mirror through the change feed.</summary>
public enum SyncList { Vacancies, Candidates, Hires, SharedTalents }

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
    public Guid ItemId { get; set; }
    public ChangeKind Kind { get; set; }

    /// <summary>The sequence of the last event that changed the item: the feed's order and its cursor.</summary>
    public long Position { get; set; }

    public static string IdOf(SyncList list, string audience, Guid itemId) => $"{list}:{audience}:{itemId}";

    public static SyncChange Of(SyncList list, string audience, Guid itemId, ChangeKind kind, long position) => new()
    {
        Id = IdOf(list, audience, itemId), List = list, Audience = audience, ItemId = itemId, Kind = kind, Position = position,
    };
}
