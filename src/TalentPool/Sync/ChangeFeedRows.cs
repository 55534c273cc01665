using Marten;

namespace TalentPool.Sync;

/// <summary>
/// Where <see cref="ChangeFeedProjection"/> reads the rows and states it has written and writes new ones: the daemon's session
/// (<see cref="ChangeFeedSessionRows"/>, live), or memory during a rebuild into emptied tables (<see cref="ChangeFeedRowsInMemory"/>,
/// copied in at the end). Both answer what the tables would hold after the events applied so far.
/// </summary>
public interface IChangeFeedRows
{
    /// <summary>The shared base's rows of these talents in a tenant.</summary>
    Task<IReadOnlyList<SyncChange>> SharedTalentRowsAsync(string tenant, Guid[] talentIds, CancellationToken cancellation);

    /// <summary>A region's statements state, in the tenant its events live in (null: none yet).</summary>
    Task<StatementFeedState?> StateAsync(string tenant, Guid regionId, CancellationToken cancellation);

    /// <summary>The statements states of every region of a country, whatever their tenant.</summary>
    Task<IReadOnlyList<StatementFeedState>> StatesOfCountryAsync(string country, CancellationToken cancellation);

    /// <summary>Writes rows (each replacing the row of its id) in a tenant.</summary>
    void Store(string tenant, SyncChange[] rows);

    /// <summary>Writes a region's state in a tenant.</summary>
    void Store(string tenant, StatementFeedState state);
}

/// <summary>The live feed's rows: read and written through the session the daemon hands a page in (saved with its progress).</summary>
public sealed class ChangeFeedSessionRows(IDocumentOperations operations) : IChangeFeedRows
{
    public async Task<IReadOnlyList<SyncChange>> SharedTalentRowsAsync(string tenant, Guid[] talentIds, CancellationToken cancellation) =>
        await In(tenant).Query<SyncChange>()
            .Where(x => x.List == SyncList.SharedTalents && talentIds.Contains(x.ItemId)).ToListAsync(cancellation);

    // The daemon hands a tenant's events in that tenant's session: that session itself, or another tenant's (statements).
    private IDocumentOperations In(string tenant) => tenant == operations.TenantId ? operations : operations.ForTenant(tenant);

    public Task<StatementFeedState?> StateAsync(string tenant, Guid regionId, CancellationToken cancellation) =>
        operations.ForTenant(tenant).LoadAsync<StatementFeedState>(regionId, cancellation);

    public async Task<IReadOnlyList<StatementFeedState>> StatesOfCountryAsync(string country, CancellationToken cancellation) =>
        await operations.Query<StatementFeedState>().Where(x => x.AnyTenant() && x.Country == country).ToListAsync(cancellation);

    public void Store(string tenant, SyncChange[] rows) => In(tenant).Store(rows);

    public void Store(string tenant, StatementFeedState state) => operations.ForTenant(tenant).Store(state);
}

/// <summary>
/// The feed's rows kept in memory while a rebuild applies every event to emptied tables (no other writer: the service is
/// stopped), so no page reads back what the pages before it wrote; <see cref="RowsByTenant"/> and <see cref="StatesByTenant"/>
/// are then copied in at once. Each row is the last one written for its id, as the upserts would have left it; answers are
/// copies where the session would deserialise a fresh object (the states, which the rules change in place).
/// </summary>
public sealed class ChangeFeedRowsInMemory : IChangeFeedRows
{
    private readonly Dictionary<string, Dictionary<string, SyncChange>> _rows = [];
    private readonly Dictionary<(string Tenant, Guid TalentId), List<string>> _sharedTalentRowIds = [];
    private readonly Dictionary<(string Tenant, Guid RegionId), StatementFeedState> _states = [];

    public Task<IReadOnlyList<SyncChange>> SharedTalentRowsAsync(string tenant, Guid[] talentIds, CancellationToken cancellation)
    {
        var found = new List<SyncChange>();
        if (_rows.TryGetValue(tenant, out var rows))
        {
            foreach (var talentId in talentIds)
            {
                if (_sharedTalentRowIds.TryGetValue((tenant, talentId), out var ids)) found.AddRange(ids.Select(id => rows[id]));
            }
        }
        return Task.FromResult<IReadOnlyList<SyncChange>>(found);
    }

    public Task<StatementFeedState?> StateAsync(string tenant, Guid regionId, CancellationToken cancellation) =>
        Task.FromResult(_states.TryGetValue((tenant, regionId), out var state) ? state.Copy() : null);

    public Task<IReadOnlyList<StatementFeedState>> StatesOfCountryAsync(string country, CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyList<StatementFeedState>>([.. _states.Values.Where(s => s.Country == country).Select(s => s.Copy())]);

    public void Store(string tenant, SyncChange[] rows)
    {
        if (!_rows.TryGetValue(tenant, out var stored)) _rows[tenant] = stored = [];
        foreach (var row in rows)
        {
            if (stored.TryAdd(row.Id, row))
            {
                if (row.List != SyncList.SharedTalents) continue;
                if (!_sharedTalentRowIds.TryGetValue((tenant, row.ItemId), out var ids)) _sharedTalentRowIds[(tenant, row.ItemId)] = ids = [];
                ids.Add(row.Id);
            }
            else stored[row.Id] = row;
        }
    }

    public void Store(string tenant, StatementFeedState state) => _states[(tenant, state.Id)] = state.Copy();

    public IEnumerable<(string Tenant, IReadOnlyCollection<SyncChange> Rows)> RowsByTenant =>
        _rows.Select(tenant => (tenant.Key, (IReadOnlyCollection<SyncChange>)tenant.Value.Values));

    public IEnumerable<(string Tenant, IReadOnlyList<StatementFeedState> States)> StatesByTenant =>
        _states.GroupBy(s => s.Key.Tenant).Select(tenant => (tenant.Key, (IReadOnlyList<StatementFeedState>)[.. tenant.Select(s => s.Value)]));

    public int RowCount => _rows.Values.Sum(rows => rows.Count);
}
