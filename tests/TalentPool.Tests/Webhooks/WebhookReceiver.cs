using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>One request the receiver got: the Standard Webhooks headers, the body, and what the receiver answered.</summary>
public sealed record ReceivedDelivery(string Path, string Id, string Timestamp, string Signature, string Body, int Answered, long ReceivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string Type => Json.GetProperty("type").GetString()!;
    public bool Accepted => Answered is >= 200 and < 300;
}

/// <summary>
/// A member's system on loopback (a real Kestrel server on a free port): records every request and answers as told — 204, a
/// run of failures before it recovers, or not at all until released (a delivery caught in flight).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private int _failuresToAnswer;
    private volatile TaskCompletionSource? _held;
    private int _heldRequests;

    /// <summary>How many requests arrived while held.</summary>
    public int HeldRequests => Volatile.Read(ref _heldRequests);

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url(string path) => $"{_app.Urls.First()}/{path}";

    public IReadOnlyList<ReceivedDelivery> Received(string path) => [.. _received.Where(r => r.Path == path)];

    /// <summary>The next <paramref name="count"/> requests (any path) are answered 503.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresToAnswer, count);

    /// <summary>From now on requests are held unanswered (and not recorded as answered) until <see cref="Release"/>.</summary>
    public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Held requests whose sender went away before they were released (recorded as answered 499).</summary>
    public int AbortedRequests => Volatile.Read(ref _abortedRequests);
    private int _abortedRequests;

    public void Release()
    {
        _held?.TrySetResult();
        _held = null;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var status = 0;
            if (receiver._held is { } held)
            {
                Interlocked.Increment(ref receiver._heldRequests);
                // A sender killed while its request is held never reads the answer: recorded as unanswered (0), never as accepted.
                await Task.WhenAny(held.Task, Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted));
                if (request.HttpContext.RequestAborted.IsCancellationRequested)
                {
                    status = 499;
                    Interlocked.Increment(ref receiver._abortedRequests);
                }
            }
            if (status == 0) status = Interlocked.Decrement(ref receiver._failuresToAnswer) >= 0 ? 503 : 204;
            receiver._received.Enqueue(new ReceivedDelivery(path, request.Headers[WebhookSignature.IdHeader].ToString(),
                request.Headers[WebhookSignature.TimestampHeader].ToString(), request.Headers[WebhookSignature.SignatureHeader].ToString(), body, status, Stopwatch.GetTimestamp()));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for what <paramref name="path"/> received; fails naming what arrived.</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(string path, Func<IReadOnlyList<ReceivedDelivery>, bool> done, TimeSpan? bound = null)
    {
        var waited = Stopwatch.StartNew();
        while (!done(Received(path)))
        {
            if (waited.Elapsed > (bound ?? TimeSpan.FromSeconds(60)))
                throw new ShouldAssertException($"Not received in time at /{path}: {string.Join(", ", Received(path).Select(r => $"{r.Type} {r.Id} {r.Answered}"))}");
            await Task.Delay(25);
        }
        return Received(path);
    }

    /// <summary>Waits until <paramref name="count"/> requests are held (see <see cref="Hold"/>).</summary>
    public async Task WaitForHeldAsync(int count)
    {
        var waited = Stopwatch.StartNew();
        while (HeldRequests < count)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new ShouldAssertException($"{HeldRequests} request(s) held, not {count}.");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
