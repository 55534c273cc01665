using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TalentPool.Hires;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Hosting.Crashes;

/// <summary>A write sent to a service node: what to send again, and what it concerns (a hire's talent and date, a cancelled hire).</summary>
public sealed record Write(string Kind, string Url, string Body, string? Key, string? Token, Guid? Subject = null, DateOnly? On = null);

/// <summary>A write a node answered 2xx: the id it named and the answer, byte for byte.</summary>
public sealed record Acknowledged(Write Write, Guid Id, string Answer);

/// <summary>The region the load writes into: three partners, each with a vacancy, and the region's municipality.</summary>
public sealed record LoadRegion(Guid RegionId, string Municipality, Guid[] Partners, Dictionary<Guid, Guid> Vacancies);

/// <summary>
/// Writers pouring registrations, hires (a quarter sent twice with their idempotency key), cancellations and vacancies into
/// the service's nodes: every answer kept, every write left unanswered kept with the node it went to and when it was sent,
/// so that what was in flight when a node died is known.
/// </summary>
/// <param name="withIdempotency">
/// False: registrations without an idempotency key and vacancies only, no hires (a hire needs its key);
/// <see cref="EnoughHires"/> then completes once <paramref name="hiresWanted"/> registrations were acknowledged.
/// </param>
public sealed class WriteLoad(LoadRegion region, string admin, string recruiter, DateOnly today, int hiresWanted, bool withIdempotency = true)
{
    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private readonly ConcurrentBag<(Write Write, Uri Node, long SentAt)> _unanswered = [];
    private readonly ConcurrentBag<string> _unexpected = [];
    private readonly TaskCompletionSource _enoughHires = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _retriedDuringLoad;
    private int _hiresAcknowledged;

    /// <summary>Completes once <c>hiresWanted</c> hires were acknowledged.</summary>
    public Task EnoughHires => _enoughHires.Task;

    public Acknowledged[] AcknowledgedWrites => [.. _acknowledged];

    /// <summary>Answers that were neither 2xx nor a lost connection: none are expected.</summary>
    public IReadOnlyCollection<string> Unexpected => [.. _unexpected];

    public int RetriedDuringLoad => _retriedDuringLoad;

    /// <summary>Writes sent to <paramref name="node"/> before it was killed (a <see cref="Stopwatch"/> timestamp) and never answered: recorded or not.</summary>
    public Write[] InFlightAt(Uri node, long killedAt) =>
        [.. _unanswered.Where(write => write.Node == node && write.SentAt < killedAt).Select(write => write.Write)];

    public static async Task<LoadRegion> ArrangeRegionAsync(HttpClient client, string admin, DateOnly today)
    {
        var number = Api.UniqueNumber();
        var countyId = await CreatedAsync(client, admin, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", [number, Api.UniqueNumber()]));
        var regionId = await CreatedAsync(client, admin, "/api/v1/regions", new RegisterRegion("Hamarregionen", countyId, "NO", "NOK", [number]));
        ServiceNodes.NameRegion(client, regionId);
        return await ArrangeMembersAsync(client, admin, regionId, number, today);
    }

    /// <summary>In a region that exists (holding municipality <paramref name="number"/>): three partners, each with a vacancy.</summary>
    public static async Task<LoadRegion> ArrangeMembersAsync(HttpClient client, string admin, Guid regionId, string number, DateOnly today)
    {
        var joinedOn = new DateOnly(today.Year, today.Month, 1).AddMonths(-6);
        var partners = new Guid[3];
        var vacancies = new Dictionary<Guid, Guid>();
        for (var i = 0; i < partners.Length; i++)
        {
            partners[i] = await CreatedAsync(client, admin, "/api/v1/partners",
                new JoinPartner(regionId, $"Partner {i}", Api.OrganisationNumber(), 200, false, joinedOn));
            vacancies[partners[i]] = await CreatedAsync(client, admin, "/api/v1/vacancies", Vacancy(partners[i], number, today));
        }
        return new LoadRegion(regionId, number, partners, vacancies);
    }

    /// <summary>One writer: registers a talent, hires it (sometimes naming a vacancy, sometimes sending the hire twice), sometimes cancels it or posts a vacancy.</summary>
    public async Task WriteUntilStoppedAsync(HttpClient client, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            var talent = await WriteAsync(client, new Write("registration", "/api/v1/talents", Body(TalentRequests.Registration()),
                withIdempotency ? NewKey() : null, null), stop);
            if (talent is null) continue;
            if (!withIdempotency)
            {
                if (Interlocked.Increment(ref _hiresAcknowledged) >= hiresWanted) _enoughHires.TrySetResult();
                if (random.Next(4) == 0) await WriteAsync(client, new Write("vacancy", "/api/v1/vacancies", Body(Vacancy(region.Partners[0], region.Municipality, today)), null, admin), stop);
                continue;
            }

            var partner = region.Partners[random.Next(region.Partners.Length)];
            var hiredOn = today.AddDays(-random.Next(0, 75));
            var hireRequest = new RecordHire(talent.Id, partner, hiredOn, random.Next(2) == 0 ? region.Vacancies[partner] : null, hiredOn);
            var hire = await WriteAsync(client, new Write("hire", "/api/v1/hires", Body(hireRequest), NewKey(), recruiter, talent.Id, hiredOn), stop);
            if (hire is null) continue;
            if (Interlocked.Increment(ref _hiresAcknowledged) >= hiresWanted) _enoughHires.TrySetResult();

            if (random.Next(4) == 0 && !stop.IsCancellationRequested)
            {
                try
                {
                    var again = await SendAsync(client, hire.Write);
                    if (again.Body != hire.Answer) _unexpected.Add($"hire retried during the load: {again.Status} {again.Body}, first {hire.Answer}");
                    Interlocked.Increment(ref _retriedDuringLoad);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Killed meanwhile: the hire itself was acknowledged already.
                }
            }
            if (random.Next(5) == 0)
            {
                await WriteAsync(client, new Write("cancellation", $"/api/v1/hires/{hire.Id}/cancellation",
                    Body(new CancelHire(today, "Probation not passed")), null, recruiter, hire.Id, today), stop);
            }
            if (random.Next(8) == 0)
            {
                await WriteAsync(client, new Write("vacancy", "/api/v1/vacancies", Body(Vacancy(partner, region.Municipality, today)), null, admin), stop);
            }
        }
    }

    public static string Body(object request) => JsonSerializer.Serialize(request, request.GetType(), Json.Options);

    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, Write write)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, write.Url) { Content = new StringContent(write.Body, Encoding.UTF8, "application/json") };
        if (write.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", write.Token);
        if (write.Key is not null) request.Headers.Add("Idempotency-Key", write.Key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static PostVacancy Vacancy(Guid partnerId, string municipality, DateOnly today) => new(
        new VacancyDetails("Process engineer", "Scale up cell production.", "Battery engineering", municipality, 2, today.AddMonths(2), ["en"]),
        EmployerKind.Partner, partnerId);

    private static async Task<Guid> CreatedAsync(HttpClient client, string token, string url, object request)
    {
        var answer = await SendAsync(client, new Write("arrange", url, Body(request), null, token));
        answer.Status.ShouldBe(HttpStatusCode.Created, answer.Body);
        return JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetGuid();
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    /// <summary>Sends a write unless the load was stopped; records it acknowledged (2xx), unanswered (with where and when it was sent) or unexpected.</summary>
    private async Task<Acknowledged?> WriteAsync(HttpClient client, Write write, CancellationToken stop)
    {
        if (stop.IsCancellationRequested) return null;
        (HttpStatusCode Status, string Body) answer;
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            answer = await SendAsync(client, write);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Sent before the kill, it was in flight: it may or may not have been recorded. Sent after, it never arrived.
            _unanswered.Add((write, client.BaseAddress!, sentAt));
            return null;
        }
        if ((int)answer.Status is < 200 or > 299)
        {
            _unexpected.Add($"{write.Kind} {write.Url}: {(int)answer.Status} {answer.Body}");
            return null;
        }
        var acknowledged = new Acknowledged(write, JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetGuid(), answer.Body);
        _acknowledged.Add(acknowledged);
        return acknowledged;
    }
}
