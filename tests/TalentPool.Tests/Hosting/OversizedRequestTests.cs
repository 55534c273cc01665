using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Bodies made as large as the service reads (just under <see cref="JsonBody.MaxBytes"/>) out of huge lists and strings,
/// sent anonymously to registration again and again, and some just over it: each is answered quickly with a small
/// problem, appends nothing, and what the service keeps in memory afterwards does not grow with them. (Process memory
/// under long mixed traffic is the soak's to measure; here the managed heap after a full collection is measured, with
/// a margin wide enough for the service's own background work.)
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OversizedRequestTests(TalentPoolFixture fixture)
{
    private const int MaxProblemBytes = 8 * 1024;

    [Fact]
    public async Task Repeated_oversized_registrations_get_small_fast_refusals_and_leave_memory_flat()
    {
        var bodies = OversizedBodies().ToList();
        var eventsBefore = await EventCount();
        await SendAll(bodies); // warm up: the first requests pay for JIT and caches, not for what they carry
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var slowest = new Dictionary<string, TimeSpan>();
        for (var round = 0; round < 200 / bodies.Count; round++)
        foreach (var (what, time) in await SendAll(bodies)) slowest[what] = Max(slowest.GetValueOrDefault(what), time);

        var after = GC.GetTotalMemory(forceFullCollection: true);
        (after - before).ShouldBeLessThan(64L * 1024 * 1024, $"managed heap grew from {before / 1024 / 1024} MiB to {after / 1024 / 1024} MiB");
        // Generous for a loaded two-core machine: unbounded, the slowest of these took seconds each.
        slowest.Where(s => s.Value > TimeSpan.FromSeconds(1)).ShouldBeEmpty(
            string.Join(", ", slowest.Select(s => $"{s.Key}: {s.Value.TotalMilliseconds:0} ms")));
        (await EventCount()).ShouldBe(eventsBefore);
    }

    /// <summary>Sends each body once; each must be refused with a small problem. Returns how long each took.</summary>
    private async Task<List<(string What, TimeSpan Time)>> SendAll(IReadOnlyList<(string What, byte[] Body, HttpStatusCode Expected)> bodies)
    {
        var times = new List<(string, TimeSpan)>();
        using var client = fixture.Host.Server.CreateClient();
        foreach (var (what, body, expected) in bodies)
        {
            var clock = Stopwatch.StartNew();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync("/api/v1/talents", content);
            var answer = await response.Content.ReadAsByteArrayAsync();
            times.Add((what, clock.Elapsed));

            var context = $"{what} ({body.Length} bytes) → {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer[..Math.Min(answer.Length, 400)])}";
            response.StatusCode.ShouldBe(expected, context);
            answer.Length.ShouldBeLessThan(MaxProblemBytes, context);
        }
        return times;
    }

    private static IEnumerable<(string What, byte[] Body, HttpStatusCode Expected)> OversizedBodies()
    {
        var registration = JsonSerializer.SerializeToNode(TalentRequests.Registration(), Json.Options)!.AsObject();
        byte[] Filled(string property, Func<int, JsonNode> item, int bytes)
        {
            var copy = registration.DeepClone().AsObject();
            var list = new JsonArray();
            copy[property] = list;
            var size = copy.ToJsonString(Json.Options).Length;
            for (var i = 0; size < bytes; i++)
            {
                var next = item(i);
                size += next.ToJsonString(Json.Options).Length + 1;
                if (size < bytes) list.Add(next);
            }
            return Encoding.UTF8.GetBytes(copy.ToJsonString(Json.Options));
        }
        byte[] Long(string property, int bytes)
        {
            var copy = registration.DeepClone().AsObject();
            copy[property] = "";
            var rest = bytes - Encoding.UTF8.GetByteCount(copy.ToJsonString(Json.Options));
            copy[property] = new string('x', rest);
            return Encoding.UTF8.GetBytes(copy.ToJsonString(Json.Options));
        }

        const int JustUnder = JsonBody.MaxBytes - 16;
        yield return ("valid languages, as many as fit", Filled("languages", _ => "en", JustUnder), HttpStatusCode.BadRequest);
        yield return ("invalid languages, as many as fit", Filled("languages", _ => "1", JustUnder), HttpStatusCode.BadRequest);
        yield return ("distinct long competence areas", Filled("competenceAreas", i => $"{i} {new string('c', 200)}", JustUnder), HttpStatusCode.BadRequest);
        yield return ("empty preferred municipalities", Filled("preferredMunicipalities", _ => "", JustUnder), HttpStatusCode.BadRequest);
        yield return ("a long about", Long("about", JustUnder), HttpStatusCode.BadRequest);
        yield return ("a long name", Long("fullName", JustUnder), HttpStatusCode.BadRequest);
        yield return ("languages over the body limit", Filled("languages", _ => "en", JsonBody.MaxBytes + 1024), HttpStatusCode.RequestEntityTooLarge);
        yield return ("an about over the body limit", Long("about", JsonBody.MaxBytes + 1024), HttpStatusCode.RequestEntityTooLarge);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<long> EventCount()
    {
        await using var session = fixture.RegionSession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
