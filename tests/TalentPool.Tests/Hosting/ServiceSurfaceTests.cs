using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;
using Wolverine.Http;
using Wolverine.Persistence;

namespace TalentPool.Tests.Hosting;

[Collection(PostgresCollection.Name)]
public sealed class ServiceSurfaceTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task Liveness_and_readiness_answer_healthy_while_PostgreSQL_answers()
    {
        await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.ContentShouldBe("Healthy");
        });
        await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/health/ready");
            s.ContentShouldBe("Healthy");
        });
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_endpoint_with_its_typed_answers_its_errors_and_the_bearer_scheme()
    {
        var result = await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        using var document = JsonDocument.Parse(await result.ReadAsTextAsync());
        var root = document.RootElement;
        root.GetProperty("openapi").GetString().ShouldStartWith("3.1");
        var paths = root.GetProperty("paths");
        var schemas = root.GetProperty("components").GetProperty("schemas");
        root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer")
            .GetProperty("scheme").GetString().ShouldBe("bearer");
        schemas.GetProperty("HttpValidationProblemDetails").GetProperty("required").EnumerateArray()
            .Select(r => r.GetString()).ShouldContain("errors");

        var endpoints = ApiEndpoints().ToList();
        endpoints.ShouldNotBeEmpty();
        foreach (var (method, route, metadata) in endpoints)
        {
            var name = $"{method} {route}";
            paths.TryGetProperty(route, out var path).ShouldBeTrue($"{route} is missing from the OpenAPI document");
            path.TryGetProperty(method.ToLowerInvariant(), out var operation).ShouldBeTrue($"{name} is missing");
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);

            operation.TryGetProperty("summary", out var summary).ShouldBeTrue($"{name} has no summary");
            summary.GetString().ShouldNotBeNullOrWhiteSpace();
            if (operation.TryGetProperty("description", out var description))
                (description.GetString() ?? "").ShouldContain(' ', customMessage: $"{name}: a description is prose, not a code file name");
            responses.Keys.ShouldContain("500");
            if (metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                responses.Keys.ShouldContain("401", $"{name} needs a token but documents no 401");
                responses.Keys.ShouldContain("403", $"{name} needs a token but documents no 403");
                operation.GetProperty("security").GetArrayLength().ShouldBeGreaterThan(0);
            }
            else
            {
                operation.GetProperty("security").GetArrayLength().ShouldBe(0, $"{name} is open to anyone and says so with security: []");
            }
            if (route.Contains('{')) responses.Keys.ShouldContain("404", $"{name} names a resource but documents no 404");
            else if (method == "GET") responses.Keys.ShouldNotContain("404", $"{name} names no resource, so nothing can be missing");
            if (method is "POST" or "PUT" && operation.TryGetProperty("requestBody", out _))
            {
                responses.Keys.ShouldContain("400", $"{name} takes a body but documents no 400");
            }

            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            successes.ShouldNotBeEmpty($"{name} documents no success response");
            if (responses.ContainsKey("204")) successes.Count.ShouldBe(1, $"{name} answers 204, and nothing else on success");
            foreach (var (status, response) in successes.Where(r => r.Key != "204"))
            {
                var body = response.GetProperty("content").GetProperty("application/json").GetProperty("schema");
                body.ToString().ShouldNotContain("IResult", customMessage: $"{name} {status}: declare [ProducesResponseType<T>]");
            }
            if (responses.TryGetValue("201", out var created))
            {
                var location = created.GetProperty("headers").GetProperty("Location");
                location.GetProperty("required").GetBoolean().ShouldBeTrue($"{name}: a 201 always carries Location");
                location.GetProperty("schema").GetProperty("type").GetString().ShouldBe("string");
            }
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response.GetProperty("content").EnumerateObject().ToList();
                content.Select(c => c.Name).ShouldBe(["application/problem+json"], $"{name} {status} is problem details");
                var problem = status == "400" ? "HttpValidationProblemDetails" : "ProblemDetails";
                content[0].Value.GetProperty("schema").GetProperty("$ref").GetString()
                    .ShouldBe($"#/components/schemas/{problem}", $"{name} {status}");
            }

            var parameters = operation.TryGetProperty("parameters", out var declared) ? declared.EnumerateArray().ToList() : [];
            foreach (var deduplicated in metadata.GetOrderedMetadata<DeduplicatedWithResponseAttribute>())
            {
                parameters.ShouldContain(p => p.GetProperty("in").GetString() == "header"
                    && p.GetProperty("name").GetString() == DeduplicationRequirement.DefaultHeaderName
                    && IsRequired(p) == deduplicated.Required, $"{name} is deduplicated on its key header");
            }
        }
    }

    // OpenAPI leaves "required": false out.
    private static bool IsRequired(JsonElement parameter) => parameter.TryGetProperty("required", out var required) && required.GetBoolean();

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/nothing-here");
            s.StatusCodeShouldBe(404);
        });

        (await result.ReadProblemAsync()).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Every_problem_has_the_type_of_its_status_whoever_wrote_it()
    {
        var talent = Talents.TalentRequests.Registration();
        await fixture.Host.Scenario(s =>
        {
            s.Post.Json(talent).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(201);
        });
        var admin = fixture.AdminToken();
        var cases = new (int Status, Action<Alba.Scenario> Arrange)[]
        {
            (400, s => s.As(admin).Post.Text("{,").ToUrl("/api/v1/counties").ContentType("application/json")),  // Wolverine's JSON refusal
            (415, s => s.As(admin).Post.Text("{}").ToUrl("/api/v1/counties")),                                  // not JSON at all
            (400, s => s.As(admin).Post.Json(new { name = "" }).ToUrl("/api/v1/counties")),                     // FluentValidation
            (400, s => s.As(admin).Get.Url("/api/v1/vacancies?limit=abc")),                                     // Wolverine's query refusal
            (401, s => s.Get.Url("/api/v1/vacancies")),                                                         // authentication
            (403, s => s.As(fixture.TokenFor(TalentPool.Auth.Roles.Talent, Guid.NewGuid())).Get.Url("/api/v1/vacancies")), // authorization
            (404, s => s.As(admin).Get.Url($"/api/v1/vacancies/{Guid.NewGuid()}")),                            // an endpoint
            (404, s => s.Get.Url("/api/v1/nothing-here")),                                                      // routing
            (409, s => s.Post.Json(talent).ToUrl("/api/v1/talents")),                                           // the unique index
        };
        foreach (var (status, arrange) in cases)
        {
            var result = await fixture.Host.Scenario(s =>
            {
                arrange(s);
                s.StatusCodeShouldBe(status);
            });
            var problem = await result.ReadProblemAsync();
            problem.Status.ShouldBe(status);
            problem.Type.ShouldBe(TalentPool.Hosting.ProblemTypes.For(status));
            problem.Type.ShouldStartWith("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.");
            problem.Title.ShouldBe(TalentPool.Hosting.ProblemTypes.TitleFor(status));
        }
    }

    private IEnumerable<(string Method, string Route, EndpointMetadataCollection Metadata)> ApiEndpoints() =>
        fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata)));
}
