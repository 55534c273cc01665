using System.Text.Json.Serialization;
using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);

builder.Services.CritterStackDefaults(defaults =>
{
    // No C# compiler at run time, in any environment: Wolverine's and Marten's generated code is
    // written by `codegen write` into Internal/Generated and compiled into this assembly.
    defaults.Development.GeneratedCodeMode = TypeLoadMode.Static;
    defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    // What the OpenAPI document promises (Hosting/OpenApi/DirectionalSchemas.cs reads these): a constructor parameter
    // without a default value is required, and null is refused where the type is not annotated nullable.
    json.SerializerOptions.RespectRequiredConstructorParameters = true;
    json.SerializerOptions.RespectNullableAnnotations = true;
});
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
// Singletons: a validator is stateless, and building one compiles its rules, so never per request.
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"]);
builder.Services.AddTalentPoolOpenApi();
builder.AddTalentPoolAuthentication();
builder.AddTalentPoolRateLimits();
builder.AddTalentPoolDatabase();

builder.Host.UseWolverine(wolverine =>
{
    wolverine.Policies.AutoApplyTransactions();
    // Idempotency-Key replays of [DeduplicatedWithResponse] endpoints are kept in Wolverine's PostgreSQL store.
    wolverine.Durability.EnableDeduplicatedResponses = true;
    wolverine.Services.AddResourceSetupOnStartup();
});
builder.Services.AddWolverineHttp();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapWolverineEndpoints(http =>
{
    // Secure by default: an endpoint that declares no rule of its own needs an authenticated caller.
    http.RequireAuthorizeOnAll();
    http.AddPolicy<RequestValidationPolicy>();
});

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses) Console.WriteLine($"TalentPool is ready at {address} (Swagger UI: {address}/swagger)");
});

return await app.RunJasperFxCommands(args);

/// <summary>The host's entry point, visible to the test host.</summary>
public partial class Program;
