using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Marten;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>
/// A request's trace: the HTTP server span with Marten's and Npgsql's spans under it, and the JSON log line that carries
/// its trace id — the correlation id the audit trail stores with the request's events — and no personal data.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TracesAndLogsTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task A_registration_is_an_HTTP_span_with_Marten_and_Npgsql_spans_under_it_and_a_JSON_log_line_with_its_trace_id_and_no_personal_data()
    {
        await using var pool = await ObservedTalentPool.StartAsync(fixture);
        var registration = TalentRequests.Registration();
        var traceId = ActivityTraceId.CreateRandom();

        var talentId = await RegisterAsync(pool, registration, traceId);

        var spans = pool.Trace(traceId, until: span => span.Kind == ActivityKind.Server);
        var server = spans.Where(span => span.Kind == ActivityKind.Server).ShouldHaveSingleItem();
        server.DisplayName.ShouldBe("POST /api/v1/talents");
        var byId = spans.ToDictionary(span => span.SpanId);
        bool Under(Activity span, Activity ancestor) =>
            span.ParentSpanId == ancestor.SpanId || (byId.TryGetValue(span.ParentSpanId, out var parent) && Under(parent, ancestor));
        spans.Any(span => span.Source.Name == "Marten" && Under(span, server)).ShouldBeTrue(Describe(spans));
        var commands = spans.Where(span => span.Source.Name == "Npgsql" && Under(span, server)).ToList();
        commands.ShouldNotBeEmpty(Describe(spans));
        foreach (var span in spans)
            foreach (var (_, value) in span.TagObjects)
                (value?.ToString() ?? "").ShouldNotContain(registration.Email, Case.Insensitive, $"{span.DisplayName} records the e-mail");

        var requestLine = pool.Logs.Lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("category").GetString() == "TalentPool.Requests")
            .Where(line => line.TryGetProperty("traceId", out var id) && id.GetString() == traceId.ToHexString())
            .ShouldHaveSingleItem();
        requestLine.GetProperty("properties").GetProperty("Route").GetString().ShouldBe("/api/v1/talents");
        requestLine.GetProperty("properties").GetProperty("StatusCode").GetInt32().ShouldBe(201);
        requestLine.GetProperty("level").GetString().ShouldBe("Information");
        pool.Logs.Lines.ShouldAllBe(line => !line.Contains(registration.Email) && !line.Contains(registration.FullName) && !line.Contains(talentId.ToString()));

        await using var session = pool.RegionSession();
        (await session.Events.FetchStreamAsync(talentId)).ShouldAllBe(stored => stored.CorrelationId == traceId.ToHexString());
    }

    private static async Task<Guid> RegisterAsync(ObservedTalentPool pool, RegisterTalent registration, ActivityTraceId traceId)
    {
        using var client = pool.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/talents")
        {
            Content = new StringContent(JsonSerializer.Serialize(registration, Json.Options), Encoding.UTF8, "application/json"),
        };
        // The caller's W3C trace context: the service continues the caller's trace.
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static string Describe(IEnumerable<Activity> spans) =>
        string.Join('\n', spans.Select(span => $"{span.Source.Name} {span.DisplayName} {span.SpanId} <- {span.ParentSpanId}"));
}
