using System.Collections.Concurrent;
using Marten;

namespace TalentPool.Regions;

/// <summary>
/// The regions this node has found to exist. A region is never deleted while the service runs (moving one to its own
/// database is done with every node stopped, README "move-region"), so once found it is not looked up again: a
/// registration, the busiest anonymous write, then sends no read before its write (one round trip instead of two).
/// Only regions that exist are remembered, so a caller naming random ids grows nothing.
/// </summary>
public sealed class KnownRegions
{
    private readonly ConcurrentDictionary<Guid, bool> _found = new();

    /// <summary>Whether the region exists, read through the caller's session (the region's tenant) the first time.</summary>
    public async ValueTask<bool> ExistsAsync(Guid regionId, IQuerySession session, CancellationToken cancellation)
    {
        if (_found.ContainsKey(regionId)) return true;
        if (await session.LoadAsync<Region>(regionId, cancellation) is null) return false;
        _found.TryAdd(regionId, true);
        return true;
    }
}
