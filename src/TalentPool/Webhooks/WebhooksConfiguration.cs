using System.Net;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Marten;

namespace TalentPool.Webhooks;

public static class WebhooksConfiguration
{
    public const string DeliveryQueue = "webhooks";

    public static void AddWebhooks(this StoreOptions options)
    {
        options.Events.MapEventType<WebhookRegistered>("webhook_registered.v1");
        options.Events.MapEventType<WebhookSecretRotated>("webhook_secret_rotated.v1");
        options.Events.MapEventType<WebhookPaused>("webhook_paused.v1");
        options.Events.MapEventType<WebhookResumed>("webhook_resumed.v1");
        options.Events.MapEventType<WebhookDeleted>("webhook_deleted.v1");

        options.Projections.Snapshot<WebhookSubscription>(SnapshotLifecycle.Inline);
        options.Schema.For<WebhookSubscription>().Index(x => x.MemberId);
        options.Schema.For<WebhookDelivery>()
            .Index(x => x.WebhookId)
            // The talent's deliveries, which a withdrawal or an erasure takes the talent out of.
            .Index(x => x.TalentId)
            // Queued deliveries only (the column is null otherwise): what the delivery sweep reads, however long the log grows.
            .Duplicate(x => x.DueAt, configure: index => index.Predicate = "due_at is not null");
        // In a talent's home tenant: what its deliveries to other regions name (forgotten by a withdrawal or an erasure).
        options.Schema.For<OtherRegionMatch>().DocumentAlias("other_region_match").Index(x => x.TalentId);
    }

    /// <summary>Options, secrets, the delivery client, and the event subscription that makes deliveries.</summary>
    public static void AddTalentPoolWebhooks(this WebApplicationBuilder builder)
    {
        var options = WebhookOptions.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = options.AttemptTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, also inside the network: a 3xx is a failed attempt.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = (context, cancellation) => WebhookTargets.ConnectAsync(context.DnsEndPoint, options.AllowLoopbackTargets, cancellation),
            });
        builder.Services.SubscribeToEventsWithServices<WebhookDispatch>(ServiceLifetime.Singleton);
        builder.Services.AddScoped<WebhookDeliverySweep>(); // scoped: it publishes through a message bus of its own
        builder.Services.AddHostedService<WebhookDeliverySweeper>();
    }

    /// <summary>
    /// The delivery handler, on durable local queues partitioned by subscription: a subscription's messages are handled
    /// one at a time (in order), different subscriptions in parallel; the messages survive a crash in Wolverine's inbox.
    /// </summary>
    public static void AddWebhookDelivery(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeType(typeof(DeliverWebhooksHandler));
        wolverine.MessagePartitioning
            .ByMessage<DeliverWebhooks>(message => message.WebhookId.ToString())
            .PublishToPartitionedLocalMessaging(DeliveryQueue, 4, topology =>
            {
                topology.Message<DeliverWebhooks>();
                topology.MaxDegreeOfParallelism = PartitionSlots.Five;
                topology.ConfigureQueues(queue => queue.UseDurableInbox());
            });
    }
}
