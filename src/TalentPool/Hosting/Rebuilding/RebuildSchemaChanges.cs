using System.Runtime.CompilerServices;
using Marten;

namespace TalentPool.Hosting.Rebuilding;

/// <summary>
/// One rebuild's changes to a store's schema, one at a time: the two passes run side by side (<see cref="RebuildPlan"/>), and
/// each drops indexes and makes them again (the one pass its tables' and the shared base's triggers, then the whole configured
/// schema; the change feed its tables' around its copy-in). Apart, a pass applying the configured schema could see the other's
/// indexes missing and make one the other is making too (PostgreSQL refuses the second <c>CREATE INDEX</c>).
/// </summary>
public static class RebuildSchemaChanges
{
    private static readonly ConditionalWeakTable<IDocumentStore, SemaphoreSlim> Locks = new();

    /// <summary>Waits until no other schema change of this store's rebuild runs; disposing the answer lets the next one go.</summary>
    public static async Task<IAsyncDisposable> HoldAsync(IDocumentStore store, CancellationToken cancellation)
    {
        var gate = Locks.GetValue(store, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellation);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
