using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;

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
    public async Task The_OpenAPI_document_lists_every_endpoint_with_its_errors_and_the_bearer_scheme()
    {
        var result = await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        using var document = JsonDocument.Parse(await result.ReadAsTextAsync());
        var paths = document.RootElement.GetProperty("paths");
        document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer")
            .GetProperty("scheme").GetString().ShouldBe("bearer");

        var endpoints = ApiEndpoints().ToList();
        endpoints.ShouldNotBeEmpty();
        foreach (var (method, route, anonymous) in endpoints)
        {
            paths.TryGetProperty(route, out var path).ShouldBeTrue($"{route} is missing from the OpenAPI document");
            path.TryGetProperty(method.ToLowerInvariant(), out var operation).ShouldBeTrue($"{method} {route} is missing");
            var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

            responses.ShouldContain(r => r.StartsWith('2'), $"{method} {route} documents no success response");
            operation.TryGetProperty("summary", out var summary).ShouldBeTrue($"{method} {route} has no summary");
            summary.GetString().ShouldNotBeNullOrWhiteSpace();
            responses.ShouldContain("500");
            if (!anonymous)
            {
                responses.ShouldContain("401", $"{method} {route} needs a token but documents no 401");
                responses.ShouldContain("403", $"{method} {route} needs a token but documents no 403");
                operation.GetProperty("security").GetArrayLength().ShouldBeGreaterThan(0);
            }
            if (route.Contains('{')) responses.ShouldContain("404", $"{method} {route} names a resource but documents no 404");
            if (method is "POST" or "PUT" && operation.TryGetProperty("requestBody", out _))
            {
                responses.ShouldContain("400", $"{method} {route} takes a body but documents no 400");
            }
        }
    }

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

    private IEnumerable<(string Method, string Route, bool Anonymous)> ApiEndpoints() =>
        fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'),
                    e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)));
}
