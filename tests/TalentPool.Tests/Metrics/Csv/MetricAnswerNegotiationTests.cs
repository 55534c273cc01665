using System.Net;
using Alba;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics.Csv;

/// <summary>
/// Every metric endpoint, through the real pipeline: JSON unless CSV is asked for, 406 when neither is allowed, and every
/// problem (400, 401, 403, 404, 406) still RFC 9457 JSON when CSV was asked for; who may read what is unchanged.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MetricAnswerNegotiationTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly JoinedOn = new(2026, 1, 1);

    private sealed record Members(Guid Region, Guid Partner, Guid Municipality, Guid OtherPartner, Guid OtherMunicipality)
    {
        public string[] Urls =>
        [
            $"/api/v1/regions/{Region}/metrics/hires-per-month",
            $"/api/v1/regions/{Region}/metrics/monthly",
            $"/api/v1/partners/{Partner}/dashboard",
            $"/api/v1/municipalities/{Municipality}/dashboard",
            $"/api/v1/regions/{Region}/metrics/retention",
            $"/api/v1/regions/{Region}/metrics/member-churn",
            $"/api/v1/regions/{Region}/metrics/target-markets",
            $"/api/v1/regions/{Region}/metrics/goals",
        ];
    }

    private async Task<Members> MembersAsync()
    {
        var region = await _api.RegionAsync();
        var elsewhere = await _api.RegionAsync();
        return new Members(
            region.Id,
            await _api.PartnerAsync(region.Id, JoinedOn),
            await _api.MunicipalityAsync(region.Id, region.MunicipalityNumbers[0], 10_000, JoinedOn),
            await _api.PartnerAsync(elsewhere.Id, JoinedOn),
            await _api.MunicipalityAsync(elsewhere.Id, elsewhere.MunicipalityNumbers[0], 10_000, JoinedOn));
    }

    private Task<IScenarioResult> GetAsync(string url, string? accept, string? token, HttpStatusCode status) => fixture.Host.Scenario(s =>
    {
        s.As(token).Get.Url(url);
        if (accept is not null) s.WithRequestHeader("Accept", accept);
        s.StatusCodeShouldBe(status);
    });

    private static async Task ShouldBeProblemAsync(IScenarioResult result, int status)
    {
        var problem = await result.ReadProblemAsync();
        problem.Status.ShouldBe(status);
        problem.Type.ShouldBe(ProblemTypes.For(status));
        problem.Title.ShouldBe(ProblemTypes.TitleFor(status));
    }

    [Theory]
    [InlineData(null, "application/json; charset=utf-8")]
    [InlineData("*/*", "application/json; charset=utf-8")]
    [InlineData("application/json", "application/json; charset=utf-8")]
    [InlineData("text/csv", "text/csv; charset=utf-8")]
    [InlineData("text/csv;q=0.4, application/json;q=0.8", "application/json; charset=utf-8")]
    [InlineData("application/json;q=0.4, text/csv", "text/csv; charset=utf-8")]
    public async Task Every_metric_endpoint_answers_json_unless_csv_is_preferred(string? accept, string contentType)
    {
        var members = await MembersAsync();

        foreach (var url in members.Urls)
        {
            var result = await GetAsync(url, accept, fixture.AdminToken(), HttpStatusCode.OK);
            result.Context.Response.ContentType.ShouldBe(contentType, url);
            result.Header("Vary").ShouldBe("Accept", url);
            // Every metric reads an async read model (the municipality dashboard its hires located there): its freshness is in
            // headers too, whatever the format.
            result.Context.Response.Headers.ContainsKey("X-Read-Model-Sequence").ShouldBeTrue(url);
        }
    }

    [Fact]
    public async Task Every_metric_operation_of_the_api_description_is_tried_here_and_offers_csv()
    {
        var members = await MembersAsync();
        var text = await (await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"))).ReadAsTextAsync();
        using var document = System.Text.Json.JsonDocument.Parse(text);

        var metricOperations = (
            from path in document.RootElement.GetProperty("paths").EnumerateObject()
            from operation in path.Value.EnumerateObject()
            where operation.Value.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == "Metrics")
            select (Path: path.Name, Operation: operation.Value)).ToList();

        var tried = members.Urls.Select(url => url.Replace(members.Region.ToString(), "{regionId}")
            .Replace(members.Partner.ToString(), "{partnerId}").Replace(members.Municipality.ToString(), "{municipalityId}"));
        metricOperations.Select(o => o.Path).Order().ShouldBe(tried.Order());
        foreach (var (path, operation) in metricOperations)
        {
            operation.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _).ShouldBeTrue(path);
        }
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("application/json;q=0, text/csv;q=0")]
    public async Task An_accept_header_allowing_neither_json_nor_csv_is_a_406_problem(string accept)
    {
        var members = await MembersAsync();

        foreach (var url in members.Urls)
        {
            var result = await GetAsync(url, accept, fixture.AdminToken(), HttpStatusCode.NotAcceptable);
            await ShouldBeProblemAsync(result, 406);
        }
    }

    [Fact]
    public async Task A_missing_resource_asked_for_as_csv_is_a_404_problem_in_json()
    {
        foreach (var url in new[]
        {
            $"/api/v1/regions/{Guid.NewGuid()}/metrics/hires-per-month", $"/api/v1/regions/{Guid.NewGuid()}/metrics/monthly",
            $"/api/v1/partners/{Guid.NewGuid()}/dashboard", $"/api/v1/municipalities/{Guid.NewGuid()}/dashboard",
        })
        {
            await ShouldBeProblemAsync(await GetAsync(url, "text/csv", fixture.AdminToken(), HttpStatusCode.NotFound), 404);
        }
    }

    [Fact]
    public async Task Invalid_parameters_asked_for_as_csv_are_a_400_problem_in_json_naming_them()
    {
        var members = await MembersAsync();

        foreach (var (url, parameter) in new[]
        {
            (members.Urls[0] + "?from=2026-13", "from"), (members.Urls[1] + "?to=26-01", "to"),
            (members.Urls[2] + "?asOf=2999-01-01", "asOf"), (members.Urls[3] + "?asOf=1999-12-31", "asOf"),
        })
        {
            var result = await GetAsync(url, "text/csv", fixture.AdminToken(), HttpStatusCode.BadRequest);
            (await result.ReadValidationProblemAsync()).Errors.Keys.ShouldBe([parameter], url);
        }
    }

    [Fact]
    public async Task Who_may_read_a_metric_is_the_same_in_csv_and_refusals_are_problems_in_json()
    {
        var members = await MembersAsync();

        foreach (var url in members.Urls)
        {
            await ShouldBeProblemAsync(await GetAsync(url, "text/csv", token: null, HttpStatusCode.Unauthorized), 401);
            await ShouldBeProblemAsync(await GetAsync(url, "text/csv", fixture.TokenFor(Roles.Recruiter), HttpStatusCode.Forbidden), 403);
        }
        // A member of another region, another partner, another municipality.
        foreach (var url in members.Urls.Where(url => url.Contains("/regions/")))
        {
            await ShouldBeProblemAsync(await GetAsync(url, "text/csv", fixture.TokenFor(Roles.Partner, members.OtherPartner), HttpStatusCode.Forbidden), 403);
            await ShouldBeProblemAsync(await GetAsync(url, "text/csv", fixture.TokenFor(Roles.Municipality, members.OtherMunicipality), HttpStatusCode.Forbidden), 403);
            await GetAsync(url, "text/csv", fixture.TokenFor(Roles.Partner, members.Partner), HttpStatusCode.OK);
            await GetAsync(url, "text/csv", fixture.TokenFor(Roles.Municipality, members.Municipality), HttpStatusCode.OK);
        }
        await ShouldBeProblemAsync(await GetAsync(members.Urls[2], "text/csv", fixture.TokenFor(Roles.Partner, members.OtherPartner), HttpStatusCode.Forbidden), 403);
        await GetAsync(members.Urls[2], "text/csv", fixture.TokenFor(Roles.Partner, members.Partner), HttpStatusCode.OK);
        await ShouldBeProblemAsync(await GetAsync(members.Urls[3], "text/csv", fixture.TokenFor(Roles.Municipality, members.OtherMunicipality), HttpStatusCode.Forbidden), 403);
        await GetAsync(members.Urls[3], "text/csv", fixture.TokenFor(Roles.Municipality, members.Municipality), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("1999-12-31")]
    [InlineData("2999-01-01")]
    [InlineData("tomorrow")]
    [InlineData("11/25/2026")]
    [InlineData("2026-1-5")]
    [InlineData("2026-13-01")]
    [InlineData("20261125")]
    public async Task An_asOf_that_is_not_a_day_written_yyyy_MM_dd_up_to_today_is_a_400_naming_it(string asOf)
    {
        var members = await MembersAsync();
        var value = asOf == "tomorrow" ? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd") : asOf;

        foreach (var url in members.Urls[2..4])
        {
            var result = await GetAsync($"{url}?asOf={Uri.EscapeDataString(value)}", null, fixture.AdminToken(), HttpStatusCode.BadRequest);
            (await result.ReadValidationProblemAsync()).Errors.Keys.ShouldBe(["asOf"], url);
        }
    }

    [Fact]
    public async Task An_asOf_of_today_or_a_past_day_is_answered_as_of_that_day()
    {
        var members = await MembersAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        foreach (var url in members.Urls[2..4])
        {
            foreach (var day in new[] { today, new DateOnly(2000, 1, 1), new DateOnly(2026, 2, 28) })
            {
                var result = await GetAsync($"{url}?asOf={day:yyyy-MM-dd}", null, fixture.AdminToken(), HttpStatusCode.OK);
                (await result.ReadAsTextAsync()).ShouldContain($"\"asOf\":\"{day:yyyy-MM-dd}\"");
            }
        }
    }
}
