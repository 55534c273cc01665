using Marten;
using TalentPool.Hosting;
using Wolverine;

namespace TalentPool.Webhooks;

/// <summary>A subscription with a queued delivery nothing has sent for too long, in its region.</summary>
public sealed record StuckSubscription(string TenantId, Guid WebhookId);

/// <summary>
/// Wakes the subscriptions whose deliveries were committed but whose <see cref="DeliverWebhooks"/> message is gone: lost, or
/// dead-lettered by Wolverine after the handler failed for the service's own reasons (the database away) through all its
/// retries — not the receiver's failures, which the handler records and schedules itself. A subscription is stuck when its
/// first queued delivery (the one the handler sends next) has been due for <see cref="WebhookOptions.SweepAfter"/>: made that
/// long ago and never tried, or its retry that long overdue. The sweep then publishes a <see cref="DeliverWebhooks"/> for it,
/// as the dispatch would have. A message that was only slow makes the handler find nothing more to send (it reads the
/// deliveries before each send, one subscription at a time on a node), so the sweep adds no delivery beyond at-least-once with
/// the same <c>webhook-id</c>. One node sweeps at a time (a transaction-scoped advisory lock, tried, never waited for), and a
/// swept delivery is not swept again for another <see cref="WebhookOptions.SweepAfter"/> (<see cref="WebhookDelivery.LastSweptAt"/>).
/// </summary>
public sealed class WebhookDeliverySweep(IDocumentStore store, IMessageBus bus, WebhookOptions options, TimeProvider clock)
{
    /// <summary>The advisory lock key of the sweep ("webhook sweep" as a number; any key no other lock of ours uses).</summary>
    private const long LockKey = 0x5745_4248_5357_4550;

    /// <summary>The most subscriptions one sweep wakes: the next sweep wakes the rest.</summary>
    public const int MostPerSweep = 500;

    /// <summary>
    /// Fills <c>due_at</c> of the queued deliveries written before the column existed (Marten adds a duplicated column empty):
    /// without it the sweep, which reads that column's index only, would never see them. Run once per node at start, before
    /// the first sweep; idempotent (only queued rows with no value are written, with the value the document computes).
    /// The number of deliveries filled.
    /// </summary>
    public async Task<int> BackfillDueAtAsync(CancellationToken cancellation)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(WebhookDelivery), cancellation);
        await using var session = store.LightweightSession();
        var table = store.Options.Schema.For<WebhookDelivery>();
        // DueAt's arithmetic in SQL: the later of (the retry's time, else the making) and the last sweep.
        var filled = await session.QueryAsync<int>(
            $"""
             with filled as (
               update {table} set due_at = greatest(
                 coalesce((data ->> 'nextAttemptAt')::timestamptz, (data ->> 'createdAt')::timestamptz),
                 coalesce((data ->> 'lastSweptAt')::timestamptz, '-infinity'::timestamptz))
               where due_at is null and data ->> 'status' in ('Pending', 'Retrying')
               returning 1)
             select count(*)::int from filled
             """, cancellation);
        return filled.Single();
    }

    /// <summary>Sweeps once; the subscriptions it woke.</summary>
    public async Task<IReadOnlyList<StuckSubscription>> SweepAsync(CancellationToken cancellation)
    {
        var woken = new List<StuckSubscription>();
        await using (var session = store.LightweightSession())
        {
            await session.BeginTransactionAsync(cancellation);
            if (!(await session.QueryAsync<bool>("select pg_try_advisory_xact_lock(?)", cancellation, LockKey)).Single()) return [];

            var now = clock.GetUtcNow();
            var dueBefore = now - options.SweepAfter;
            var table = store.Options.Schema.For<WebhookDelivery>();
            // Every region's: the column is null unless the delivery is queued, and its index holds the queued ones only.
            var candidates = await session.QueryAsync<StuckSubscription>(
                $"select distinct jsonb_build_object('tenantId', d.tenant_id, 'webhookId', d.data ->> 'webhookId') from {table} as d where d.due_at < ? limit ?",
                cancellation, dueBefore, MostPerSweep);
            foreach (var candidate in candidates)
            {
                var region = session.ForTenant(candidate.TenantId);
                if (await region.LoadAsync<WebhookSubscription>(candidate.WebhookId, cancellation) is not { Status: WebhookStatus.Active }) continue;
                var first = await region.Query<WebhookDelivery>()
                    .Where(d => d.WebhookId == candidate.WebhookId && (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Retrying))
                    .OrderBy(d => d.Order)
                    .FirstOrDefaultAsync(cancellation);
                // A delivery behind one that waits for its retry is not stuck: it waits its turn.
                if (first?.DueAt is not { } due || due >= dueBefore) continue;
                first.LastSweptAt = now;
                region.Store(first);
                woken.Add(candidate);
            }
            await session.SaveChangesAsync(cancellation);
        }

        // After the commit: a message lost between the two is swept again after SweepAfter.
        foreach (var stuck in woken)
        {
            var message = new DeliverWebhooks(stuck.WebhookId, Guid.Parse(stuck.TenantId));
            await bus.PublishAsync(message, message.InItsRegion());
        }
        return woken;
    }
}

/// <summary>Runs <see cref="WebhookDeliverySweep"/> every <see cref="WebhookOptions.SweepInterval"/> on each node (one at a time).</summary>
public sealed class WebhookDeliverySweeper(IServiceProvider services, WebhookOptions options, ILogger<WebhookDeliverySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        var backfilled = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var sweep = scope.ServiceProvider.GetRequiredService<WebhookDeliverySweep>();
                if (!backfilled)
                {
                    // Deliveries queued before due_at existed: once, before the first sweep (retried on the next tick if it failed).
                    var filled = await sweep.BackfillDueAtAsync(stoppingToken);
                    if (filled > 0) logger.LogInformation("Webhook delivery sweep: filled due_at of {Deliveries} delivery(ies) queued before the column existed", filled);
                    backfilled = true;
                }
                var woken = await sweep.SweepAsync(stoppingToken);
                if (woken.Count > 0) logger.LogWarning("Webhook delivery sweep woke {Subscriptions} subscription(s) whose delivery message was lost", woken.Count);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The database away, most likely: the next tick tries again.
                logger.LogWarning(failure, "Webhook delivery sweep failed; trying again in {Interval}", options.SweepInterval);
            }
        }
    }
}
