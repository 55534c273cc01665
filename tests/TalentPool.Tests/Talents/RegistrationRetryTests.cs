using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>A registration whose answer was lost is sent again with its Idempotency-Key and gets the first answer, token included.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RegistrationRetryTests(TalentPoolFixture fixture)
{
    private async Task<HttpResponseMessage> RegisterAsync(string body, string? key)
    {
        using var client = fixture.Host.Server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/talents") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>Talents registered with this e-mail address, and the events of the one there is.</summary>
    private async Task<int> StreamsFor(string email)
    {
        await using var session = fixture.RegionSession();
        var talents = await session.Query<Talent>().Where(t => t.Personal.Email == email).ToListAsync();
        foreach (var talent in talents) (await session.Events.FetchStreamAsync(talent.Id)).Count.ShouldBe(1);
        return talents.Count;
    }

    [Fact]
    public async Task Sent_again_with_its_key_a_registration_is_answered_with_the_first_answer_and_recorded_once()
    {
        var registration = TalentRequests.Registration();
        var body = JsonSerializer.Serialize(registration, Json.Options);
        var key = Guid.NewGuid().ToString();

        var first = await RegisterAsync(body, key);
        var again = await RegisterAsync(body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        var (firstAnswer, againAnswer) = (await first.Content.ReadFromJsonAsync<TalentRegisteredResponse>(Json.Options), await again.Content.ReadFromJsonAsync<TalentRegisteredResponse>(Json.Options));
        againAnswer.ShouldBe(firstAnswer);
        again.Headers.Location.ShouldBe(first.Headers.Location);
        (await StreamsFor(registration.Email)).ShouldBe(1);
    }

    [Fact]
    public async Task Racing_copies_of_one_registration_with_one_key_are_all_answered_with_one_talent()
    {
        var registration = TalentRequests.Registration();
        var body = JsonSerializer.Serialize(registration, Json.Options);
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RegisterAsync(body, key)));

        answers.Select(a => a.StatusCode).ShouldAllBe(status => status == HttpStatusCode.Created);
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<TalentRegisteredResponse>(Json.Options))!.Id));
        ids.Distinct().ShouldHaveSingleItem();
        (await StreamsFor(registration.Email)).ShouldBe(1);
    }

    [Fact]
    public async Task A_key_used_again_with_another_registration_is_a_422_and_records_nothing()
    {
        var key = Guid.NewGuid().ToString();
        (await RegisterAsync(JsonSerializer.Serialize(TalentRequests.Registration(), Json.Options), key)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var other = TalentRequests.Registration();

        (await RegisterAsync(JsonSerializer.Serialize(other, Json.Options), key)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StreamsFor(other.Email)).ShouldBe(0);
    }
}
