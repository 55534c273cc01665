using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using TalentPool.Client;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// The generated client as a client developer sets it up (Kiota's HttpClientRequestAdapter and a bearer token),
/// talking to the test server. It keeps the raw body of each response it parses, so that every call made through
/// <see cref="ReadAsync{T}"/> is compared with what the client returned; what the client lost is noted in the
/// tour's <see cref="ClientTour.Losses"/>, so that a test reports every loss of a tour at once.
/// One session makes one call at a time.
/// </summary>
public sealed class KiotaSession : IDisposable
{
    private readonly RawResponses _responses;
    private readonly HttpClient _http;
    private readonly ClientTour _tour;

    public KiotaSession(TalentPoolFixture fixture, string? token, ClientTour tour)
    {
        _responses = new RawResponses { InnerHandler = fixture.Host.Server.CreateHandler() };
        _http = new HttpClient(_responses) { BaseAddress = fixture.Host.Server.BaseAddress };
        IAuthenticationProvider authentication = token is null
            ? new AnonymousAuthenticationProvider()
            : new BaseBearerTokenAuthenticationProvider(new FixedToken(token));
        var adapter = new HttpClientRequestAdapter(authentication, httpClient: _http)
        {
            BaseUrl = fixture.Host.Server.BaseAddress.ToString().TrimEnd('/'),
        };
        Api = new TalentPoolClient(adapter);
        _tour = tour;
    }

    public TalentPoolClient Api { get; }

    /// <summary>Calls the service through the client, and notes each value of the response that the model does not hold.</summary>
    public async Task<T> ReadAsync<T>(Func<TalentPoolClient, Task<T?>> call)
    {
        T? received;
        try
        {
            received = await call(Api);
        }
        catch (ApiException refused) when (_responses.Last is var (failed, problem))
        {
            throw new ShouldAssertException($"{failed} refused the call: {problem}", refused);
        }
        var (request, body) = _responses.Last ?? throw new InvalidOperationException("The call sent no request.");
        body.ShouldNotBeNullOrWhiteSpace($"{request} answered no body");

        using var sent = JsonDocument.Parse(body);
        var comparison = WireComparison.Of(sent.RootElement, received);
        _tour.ModelsRead.UnionWith(comparison.ModelsRead);
        _tour.Losses.AddRange(comparison.Losses.Select(loss => $"{request} {loss}"));
        return received ?? throw new ShouldAssertException($"{request}: the client returned nothing");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Remembers the last response body; buffering it lets Kiota read the same content afterwards.</summary>
    private sealed class RawResponses : DelegatingHandler
    {
        public (string Request, string Body)? Last { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            Last = ($"{request.Method} {request.RequestUri?.PathAndQuery} ({(int)response.StatusCode})",
                await response.Content.ReadAsStringAsync(cancellationToken));
            return response;
        }
    }

    private sealed class FixedToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
