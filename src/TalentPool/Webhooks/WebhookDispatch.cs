using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using TalentPool.Billing;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace TalentPool.Webhooks;

/// <summary>
/// Turns committed events into deliveries: a Marten event subscription run by Wolverine (on one node of the cluster, like
/// the async projections). For each page of events it writes the deliveries of every subscription that wants them and
/// publishes one <see cref="DeliverWebhooks"/> per subscription through Wolverine's durable outbox, all in one transaction
/// with the subscription's progress: a crash before the commit processes the page again, after it the messages are in the
/// durable inbox. So each committed event makes its deliveries exactly once, and the command that caused it neither waits
/// for nor fails with a delivery. A subscription gets the events after its registration, whoever's they are but its own
/// member's never (<see cref="WebhookPayloads.Of"/> names the member).
/// </summary>
public sealed class WebhookDispatch : BatchSubscription
{
    public const string Name = "WebhookDispatch";

    private readonly TimeProvider _clock;

    public WebhookDispatch(TimeProvider clock) : base(Name)
    {
        _clock = clock;
        IncludeType<CandidateIntroduced>();
        IncludeType<HireRecorded>();
        IncludeType<HireCancelled>();
        IncludeType<BillingPeriodClosed>();
        // A talent's changes: matched against the members' saved searches; a withdrawal or an erasure takes the talent out of
        // the deliveries that carry it.
        IncludeType<TalentRegistered>();
        IncludeType<TalentProfileUpdated>();
        IncludeType<TalentConsentGiven>();
        IncludeType<TalentConsentWithdrawn>();
        IncludeType<TalentErased>();
        // Consent to be seen in other regions: their members' saved searches too (OtherRegionMatches).
        IncludeType<TalentOtherRegionsConsentGiven>();
        IncludeType<TalentOtherRegionsConsentWithdrawn>();
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken cancellation)
    {
        // Regions are tenants: a page holds the events of every region, and each region's are read and written in its own
        // tenant (a subscription, a delivery and the message that sends it never leave their region), in the page's one transaction.
        foreach (var regionEvents in page.Events.GroupBy(@event => @event.TenantId))
            await DispatchAsync(regionEvents.Key, [.. regionEvents], operations.ForTenant(regionEvents.Key), operations, bus, cancellation);
    }

    private async Task DispatchAsync(
        string tenantId, IReadOnlyList<IEvent> events, IDocumentOperations operations, IDocumentOperations page, IMessageBus bus,
        CancellationToken cancellation)
    {
        if (tenantId == RegionTenancy.InstallationTenant) return; // no member, so no webhook, lives outside a region
        await WithdrawTalentsAsync(events, operations, cancellation);
        var now = _clock.GetUtcNow();
        await DeliverToOtherRegionsAsync(await OtherRegionMatches.OfAsync(events, operations, now, cancellation), operations, page, bus, now, cancellation);
        var memberEvents = events.SelectMany(@event => WebhookPayloads.Of(@event).Select(memberEvent => (Event: @event, memberEvent))).ToList();
        memberEvents.AddRange(await SavedSearchMatches.OfAsync(events, operations, now, cancellation));
        if (memberEvents.Count == 0) return;

        var members = memberEvents.Select(x => x.memberEvent.MemberId).Distinct().ToArray();
        var subscriptions = await SubscriptionsOfAsync(operations, members, cancellation);
        var deliveries = (
            from x in memberEvents
            from subscription in subscriptions
            where subscription.MemberId == x.memberEvent.MemberId && subscription.Wants(x.memberEvent.Kind) && x.Event.Timestamp >= subscription.RegisteredAt
            select new WebhookDelivery
            {
                Id = DeliveryId(subscription, x.Event, x.memberEvent.Kind),
                WebhookId = subscription.Id,
                MemberId = subscription.MemberId,
                Order = x.Event.Sequence,
                Kind = x.memberEvent.Kind,
                Body = x.memberEvent.Body,
                CreatedAt = now,
                Status = WebhookDeliveryStatus.Pending,
                TalentId = x.memberEvent.TalentId,
                TalentScope = x.memberEvent.TalentScope,
            }).ToList();
        if (deliveries.Count == 0) return;

        // A page processed again (its earlier run never committed, or a rebuild) must not reset a delivery already made.
        var ids = deliveries.Select(d => d.Id).ToArray();
        var existing = (await operations.Query<WebhookDelivery>().Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellation)).ToHashSet();
        var made = deliveries.Where(d => !existing.Contains(d.Id)).ToList();
        if (made.Count == 0) return;
        operations.Store(made.ToArray());
        var region = Guid.Parse(tenantId);
        foreach (var message in made.Select(d => new DeliverWebhooks(d.WebhookId, region)).Distinct())
            await bus.PublishAsync(message, message.InItsRegion());
    }

    /// <summary>
    /// Deliveries of other regions' saved searches matched by this region's talents: made in the searching region (its tenant,
    /// its database) with a body holding no card, and a reference (<see cref="OtherRegionMatch"/>) kept here, in the talent's
    /// home tenant. On one database both are written in the page's transaction. A region on another database is written in a
    /// transaction of its own, the references committed here first (a delivery is never read before what it names), before the
    /// page commits: a crash in between processes the page again, which finds the deliveries made (same ids) and wakes their
    /// webhooks again (a message that finds nothing more to send costs nothing).
    /// </summary>
    private static async Task DeliverToOtherRegionsAsync(
        IReadOnlyList<OtherRegionMatchFound> found, IDocumentOperations home, IDocumentOperations page, IMessageBus bus, DateTimeOffset now,
        CancellationToken cancellation)
    {
        if (found.Count == 0) return;
        var store = home.DocumentStore;
        var homeRegion = RegionTenancy.RegionOf(home);
        var homeDatabase = (await store.Storage.FindOrCreateDatabase(home.TenantId)).Id;
        foreach (var ofReader in found.GroupBy(f => f.ReaderRegionId))
        {
            var readerTenant = RegionTenancy.TenantOf(ofReader.Key);
            var sameDatabase = (await store.Storage.FindOrCreateDatabase(readerTenant)).Id == homeDatabase;
            await using var separate = sameDatabase ? null : store.LightweightSession(readerTenant);
            IDocumentOperations reader = separate is null ? page.ForTenant(readerTenant) : separate;

            var members = ofReader.Select(f => f.MemberEvent.MemberId).Distinct().ToArray();
            var subscriptions = await SubscriptionsOfAsync(reader, members, cancellation);
            var deliveries = (
                from f in ofReader
                from subscription in subscriptions
                where subscription.MemberId == f.MemberEvent.MemberId && subscription.Wants(f.MemberEvent.Kind) && f.Event.Timestamp >= subscription.RegisteredAt
                select (f.TalentId, Delivery: new WebhookDelivery
                {
                    Id = DeliveryId(subscription, f.Event, f.MemberEvent.Kind),
                    WebhookId = subscription.Id,
                    MemberId = subscription.MemberId,
                    Order = f.Event.Sequence,
                    Kind = f.MemberEvent.Kind,
                    Body = f.MemberEvent.Body,
                    CreatedAt = now,
                    Status = WebhookDeliveryStatus.Pending,
                    TalentHomeRegionId = homeRegion,
                    TalentScope = f.MemberEvent.TalentScope,
                })).ToList();
            if (deliveries.Count == 0) continue;

            var references = deliveries.Select(d => new OtherRegionMatch
            {
                Id = d.Delivery.Id, TalentId = d.TalentId, ReaderRegionId = ofReader.Key, Scope = d.Delivery.TalentScope!.Value,
            }).ToArray();
            var ids = deliveries.Select(d => d.Delivery.Id).ToArray();
            var existing = (await reader.Query<WebhookDelivery>().Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellation)).ToHashSet();
            var made = deliveries.Select(d => d.Delivery).Where(d => !existing.Contains(d.Id)).ToArray();
            if (separate is null)
            {
                home.Store(references);
                if (made.Length > 0) reader.Store(made);
            }
            else
            {
                await using (var referencing = store.LightweightSession(home.TenantId))
                {
                    referencing.Store(references);
                    await referencing.SaveChangesAsync(cancellation);
                }
                if (made.Length > 0)
                {
                    separate.Store(made);
                    await separate.SaveChangesAsync(cancellation);
                }
            }
            var woken = separate is null ? made : deliveries.Select(d => d.Delivery);
            foreach (var message in woken.Select(d => new DeliverWebhooks(d.WebhookId, ofReader.Key)).Distinct())
                await bus.PublishAsync(message, message.InItsRegion());
        }
    }

    /// <summary>
    /// A talent who withdrew a consent, or was erased, leaves every delivery resting on it: their bodies forget the talent, and
    /// those still queued are never sent. (The delivery handler also checks the consent right before each send, so a delivery
    /// is never sent after a withdrawal this dispatch has not read yet.)
    /// </summary>
    private static async Task WithdrawTalentsAsync(IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken cancellation)
    {
        foreach (var @event in events)
        {
            if (@event.Data is TalentOtherRegionsConsentWithdrawn otherRegions)
            {
                OtherRegionMatches.Forget(operations, otherRegions.TalentId, scope: null);
                continue;
            }
            var (talentId, scope) = @event.Data switch
            {
                TalentConsentWithdrawn withdrawn => (withdrawn.TalentId, (ConsentScope?)withdrawn.Scope),
                TalentErased erased => (erased.TalentId, null),
                _ => (Guid.Empty, null),
            };
            if (talentId == Guid.Empty) continue;
            OtherRegionMatches.Forget(operations, talentId, scope);
            var carrying = await operations.Query<WebhookDelivery>().Where(d => d.TalentId == talentId && !d.TalentWithdrawn).ToListAsync(cancellation);
            foreach (var delivery in carrying.Where(d => scope is null || d.TalentScope == scope))
            {
                WebhookDeliveryDecisions.Withdraw(delivery);
                operations.Store(delivery);
            }
        }
    }

    /// <summary>The subscriptions of these members that are not deleted, in the reader's region.</summary>
    private static async Task<IReadOnlyList<WebhookSubscription>> SubscriptionsOfAsync(
        IQuerySession reader, Guid[] members, CancellationToken cancellation) =>
        await reader.Query<WebhookSubscription>()
            .Where(s => members.Contains(s.MemberId) && s.Status != WebhookStatus.Deleted)
            .ToListAsync(cancellation);

    /// <summary>One delivery per subscription, event and kind, whichever path makes it: a dispatch page run again makes the same ids.</summary>
    private static Guid DeliveryId(WebhookSubscription subscription, IEvent @event, WebhookEventKind kind) =>
        DeterministicId.From($"webhook-delivery:{subscription.Id}:{@event.Id}:{kind}");
}
