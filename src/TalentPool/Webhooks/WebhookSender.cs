using System.Diagnostics;
using System.Text;

namespace TalentPool.Webhooks;

/// <summary>
/// One attempt: POSTs the delivery's body, signed (<see cref="WebhookSignature"/>), through the <c>webhooks</c> HTTP client
/// (timeout, no redirects, the SSRF guard on connect). A 2xx is a success; anything else, a timeout or a refused connection
/// is a failure. Never throws for the receiver's sake: the result is recorded.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public Task<WebhookAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellation) =>
        SendAsync(subscription, delivery, delivery.Body, cancellation);

    /// <summary>One attempt with the body as sent (a match of another region's talent: the kept body with the card filled in), signed as sent.</summary>
    public async Task<WebhookAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, string body, CancellationToken cancellation)
    {
        var at = clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        var id = delivery.Id.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(id, timestamp, body, KeysAt(subscription, at)));

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            return new WebhookAttempt(at, (int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", Elapsed(watch));
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            var error = failure is TaskCanceledException ? "Timed out." : failure.Message;
            return new WebhookAttempt(at, null, error.Length > 200 ? error[..200] : error, Elapsed(watch));
        }
    }

    /// <summary>The current secret, and the previous one while it still signs after a rotation.</summary>
    private IEnumerable<byte[]> KeysAt(WebhookSubscription subscription, DateTimeOffset at)
    {
        yield return secrets.SigningKeyOf(subscription.EncryptedSecret);
        if (subscription is { PreviousEncryptedSecret: { } previous, PreviousValidUntil: { } until } && at < until)
            yield return secrets.SigningKeyOf(previous);
    }

    private static int Elapsed(Stopwatch watch) => (int)watch.ElapsedMilliseconds;
}
