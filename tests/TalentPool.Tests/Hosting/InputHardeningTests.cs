using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using TalentPool.Common;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Hosting;

/// <summary>What no request may carry, refused before it reaches the database, and what every answer says about caching.</summary>
[Collection(PostgresCollection.Name)]
public sealed class InputHardeningTests(TalentPoolFixture fixture)
{
    private HttpClient Client(string? token = null)
    {
        var client = fixture.Host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.RegionSession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }

    private static async Task ShouldName(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(field);
    }

    [Theory]
    [InlineData("about")]
    [InlineData("fullName")]
    [InlineData("languages[1]")]
    public async Task A_NUL_character_in_a_body_is_a_400_naming_where_it_stands_and_nothing_is_written(string field)
    {
        var registration = TalentRequests.Registration() with { About = "Seven years", Languages = ["en", "hi"] };
        var json = JsonSerializer.Serialize(registration, Json.Options);
        json = field switch
        {
            "about" => json.Replace("Seven years", "Seven\\u0000years"),
            "fullName" => json.Replace("Priya Raman", "Priya\\u0000Raman"),
            _ => json.Replace("\"hi\"", "\"h\\u0000i\""),
        };
        var before = await EventCount();

        using var client = Client();
        await ShouldName(await client.PostAsync("/api/v1/talents", new StringContent(json, Encoding.UTF8, "application/json")), field);
        (await EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_NUL_character_in_a_query_value_is_a_400()
    {
        using var client = Client(fixture.AdminToken());
        await ShouldName(await client.GetAsync("/api/v1/shared-talents?competenceArea=Weld%00ing"), "competenceArea");
        await ShouldName(await client.GetAsync("/api/v1/vacancies?municipality=34%0003"), "municipality");
    }

    [Theory]
    [InlineData("9999-12-01")]
    [InlineData("0001-01-01")]
    [InlineData("1999-12-31")]
    [InlineData("2100-01-01")]
    [InlineData("2026-3-1")]
    public async Task A_business_date_outside_2000_to_2099_is_a_400_naming_it(string joinedOn)
    {
        var body = $$"""{"regionId":"{{Guid.NewGuid()}}","name":"Hedmark Energi AS","organisationNumber":"923609016","employeeCount":80,"founding":false,"joinedOn":"{{joinedOn}}"}""";
        using var client = Client(fixture.AdminToken());
        await ShouldName(await client.PostAsync("/api/v1/partners", new StringContent(body, Encoding.UTF8, "application/json")), "joinedOn");
    }

    [Theory]
    [InlineData("9999-12")]
    [InlineData("0001-01")]
    [InlineData("2026-13")]
    [InlineData("2026-3")]
    public async Task A_month_outside_2000_to_2099_is_a_400_when_closing_or_reading_statements(string month)
    {
        using var client = Client(fixture.AdminToken());
        var region = Guid.NewGuid();
        await ShouldName(await client.PostAsync($"/api/v1/regions/{region}/billing-periods/{month}/close", null), "month");
        await ShouldName(await client.GetAsync($"/api/v1/regions/{region}/statements/{month}"), "month");
    }

    [Fact]
    public async Task Hundreds_of_invalid_items_are_answered_with_the_first_twenty_and_a_count_of_the_rest()
    {
        var registration = TalentRequests.Registration() with
        {
            PreferredMunicipalities = [.. Enumerable.Range(0, InputLimits.PreferredMunicipalities).Select(i => $"x{i}")],
        };
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/talents", registration, Json.Options);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").EnumerateObject().Count().ShouldBe(TalentPool.Hosting.RequestValidation.MaxReportedFields, problem.RootElement.ToString());
        problem.RootElement.GetProperty("detail").GetString()!
            .ShouldContain($"{InputLimits.PreferredMunicipalities - TalentPool.Hosting.RequestValidation.MaxReportedFields} more fields are invalid");
    }

    [Fact]
    public async Task Thousands_of_invalid_items_are_one_error_the_list_being_over_its_bound()
    {
        var registration = TalentRequests.Registration() with { Languages = [.. Enumerable.Range(0, 5_000).Select(i => $"x{i}")] };
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/talents", registration, Json.Options);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors").EnumerateObject().ShouldHaveSingleItem();
        error.Name.ShouldBe("languages");
        error.Value.EnumerateArray().ShouldHaveSingleItem().GetString().ShouldBe($"'Languages' must have at most {InputLimits.Languages} items. You gave 5000.");
    }

    [Fact]
    public async Task Answers_are_never_cached_and_never_content_sniffed()
    {
        using var anonymous = Client();
        var registered = await anonymous.PostAsync("/api/v1/talents",
            new StringContent(JsonSerializer.Serialize(TalentRequests.Registration(), Json.Options), Encoding.UTF8, "application/json"));
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var admin = Client(fixture.AdminToken());
        foreach (var response in new[] { registered, await admin.GetAsync("/api/v1/vacancies"), await admin.GetAsync($"/api/v1/hires/{Guid.NewGuid()}") })
        {
            response.Headers.CacheControl?.NoStore.ShouldBeTrue(response.RequestMessage!.RequestUri!.ToString());
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        }
    }
}
