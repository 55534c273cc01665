using Alba;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;
using Wolverine;

namespace TalentPool.Tests.Hosting;

/// <summary>A bug answers 500 as problem details that say nothing about the code.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UnexpectedErrorTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_internals()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("talentpool_failing");
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(new byte[32]));
            builder.UseSetting("ConnectionStrings:TalentPool", connectionString);
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.AddTransient<IStartupFilter, FailAtTheEnd>();
            });
        });

        var result = await host.Scenario(s =>
        {
            s.Get.Url("/test/failure");
            s.StatusCodeShouldBe(500);
        });

        var body = await result.ReadAsTextAsync();
        result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        body.ShouldNotContain("secret-connection-detail");
        body.ShouldNotContain("InvalidOperationException");
        body.ShouldNotContain(" at ");
    }

    /// <summary>One extra piece of middleware at the end of the real pipeline, failing like a bug would.</summary>
    private sealed class FailAtTheEnd : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/test/failure"
                ? throw new InvalidOperationException("secret-connection-detail")
                : Task.CompletedTask);
        };
    }
}
