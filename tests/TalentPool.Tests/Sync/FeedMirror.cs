using System.Text.Json;
using Alba;
using TalentPool.Sync;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Sync;

/// <summary>
/// What a member's own system keeps of one list, built only from the change feed: an upsert puts the item (as the API
/// wrote it), a tombstone forgets it. The cursor is all it keeps of the feed, so a mirror made again from its cursor (a
/// restarted client) goes on where it stopped.
/// </summary>
public sealed class FeedMirror(string feed, string itemProperty)
{
    public Dictionary<Guid, string> Items { get; } = [];
    public string? Cursor { get; set; }
    public int Pages { get; private set; }
    public List<(Guid Id, ChangeKind Kind, string Page)> Applied { get; } = [];

    /// <summary>
    /// Reads and applies every page after the cursor, until a last page that reflects every write made before it was read
    /// (on a loaded machine the daemon may lag longer than one read waits: the mirror then simply reads on).
    /// </summary>
    public async Task SyncAsync(IAlbaHost host, string token, int limit = 200)
    {
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var page = await ReadPageAsync(host, token, limit);
            Pages++;
            foreach (var change in page.GetProperty("items").EnumerateArray())
            {
                var id = change.GetProperty("id").GetGuid();
                var kind = Enum.Parse<ChangeKind>(change.GetProperty("kind").GetString()!);
                Applied.Add((id, kind, change.GetRawText()));
                if (kind == ChangeKind.Upsert) Items[id] = change.GetProperty(itemProperty).GetRawText();
                else Items.Remove(id);
            }
            Cursor = page.GetProperty("next").GetString();
            var current = page.GetProperty("freshness").GetProperty("wait").GetString() == "Reached";
            if (!page.GetProperty("hasMore").GetBoolean() && current) return;
            bound.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "the change feed caught up with the writes");
        }
    }

    public async Task<JsonElement> ReadPageAsync(IAlbaHost host, string token, int limit)
    {
        var separator = feed.Contains('?') ? '&' : '?';
        var url = $"{feed}{separator}limit={limit}&waitForWrites=true{(Cursor is null ? "" : $"&after={Cursor}")}";
        var result = await host.Scenario(s => s.As(token).Get.Url(url));
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    /// <summary>The mirror holds exactly the live list's items, each as the API writes it (in any order).</summary>
    public void ShouldEqual(IReadOnlyDictionary<Guid, string> live) =>
        Items.OrderBy(item => item.Key).ToList().ShouldBe(live.OrderBy(item => item.Key).ToList());

    /// <summary>A live list's items as the API writes them, by id.</summary>
    public static Dictionary<Guid, string> ById(IEnumerable<JsonElement> items) =>
        items.ToDictionary(item => item.GetProperty("id").GetGuid(), item => item.GetRawText());
}
