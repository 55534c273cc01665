using System.Net;
using System.Net.Http.Json;
using Marten;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hires;

/// <summary>"The talent is already hired by this partner" reads other hire streams; the database decides between racing hires.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ParallelHiresTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly March = new(2026, 3, 2);

    [Fact]
    public async Task Eight_hires_of_one_talent_for_one_partner_with_different_keys_sent_at_once_record_exactly_one_hire()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1));
        var talent = await _api.TalentAsync();
        using var client = _api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _api.Recruiter);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hires")
            {
                Content = JsonContent.Create(new RecordHire(talent, partner, March, HiredOn: March), options: Json.Options),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return client.SendAsync(request);
        }));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await refused.Content.ReadAsStringAsync()).ShouldContain("already hired by");
        }
        await using var session = fixture.RegionSession();
        (await session.Query<Hire>().CountAsync(h => h.TalentId == talent)).ShouldBe(1);
        var recorded = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "hire_recorded.v2").ToListAsync();
        recorded.Count(e => ((HireRecorded)e.Data).TalentId == talent).ShouldBe(1);
    }

    [Fact]
    public async Task The_database_refuses_a_second_active_hire_of_a_talent_by_a_partner_but_not_one_after_a_cancelled_hire()
    {
        var (talent, partner) = (Guid.NewGuid(), Guid.NewGuid());
        var cancelled = Recorded(talent, partner);
        await using (var session = fixture.RegionWriteSession())
        {
            session.Events.StartStream<Hire>(cancelled.HireId, cancelled, new HireCancelled(cancelled.HireId, cancelled.PartnerId, cancelled.RegionId, cancelled.StartsOn, null, March, "Probation", cancelled.Fee));
            var active = Recorded(talent, partner);
            session.Events.StartStream<Hire>(active.HireId, active);
            await session.SaveChangesAsync();
        }

        await using var racing = fixture.RegionWriteSession();
        var second = Recorded(talent, partner);
        racing.Events.StartStream<Hire>(second.HireId, second);
        var refused = await Should.ThrowAsync<Exception>(() => racing.SaveChangesAsync());

        ConflictExceptionHandler.ConflictDetail(refused)!.ShouldStartWith("The talent is already hired by this partner");
        await using var query = fixture.RegionSession();
        (await query.Query<Hire>().CountAsync(h => h.TalentId == talent)).ShouldBe(2);
    }

    private static HireRecorded Recorded(Guid talent, Guid partner) => new(Guid.NewGuid(), talent, partner, Guid.NewGuid(), null, March, March,
        HireClassification.External, null, new Money(20_000m, "NOK"), "IN", ["Welding"], DateTimeOffset.UnixEpoch, false, null);
}
