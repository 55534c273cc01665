using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Hosting.CommandLine;
using Wolverine;
using Wolverine.Http;

// A token needs only the signing key: minted before anything else is built, so no database is touched.
if (TokenCommand.IsRequested(args)) return await TokenCommand.RunAsync(args);
// The operator's commands (seed, import-talents, export, rebuild) print their result alone on stdout: everything else goes to stderr.
if (OperatorConsole.IsRequested(args)) OperatorConsole.KeepStdoutForTheResult();

var builder = WebApplication.CreateBuilder(args);
builder.ListenOnLoopbackUnlessConfigured();

builder.Services.CritterStackDefaults(defaults =>
{
    // No C# compiler at run time, in any environment: Wolverine's and Marten's generated code is
    // written by `codegen write` into Internal/Generated and compiled into this assembly.
    defaults.Development.GeneratedCodeMode = TypeLoadMode.Static;
    defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.ConfigureHttpJsonOptions(json => StrictJson.Configure(json.SerializerOptions));
builder.AddTalentPoolProblemDetails();
builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
// Singletons: a validator is stateless, and building one compiles its rules, so never per request.
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"]);
builder.Services.AddTalentPoolOpenApi();
builder.AddTalentPoolAuthentication();
builder.AddTalentPoolRateLimits();
builder.AddTalentPoolDatabase();
builder.AddBoundedShutdown();

// Wolverine warns that it found no message handlers even when told there are none to look for.
builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
builder.Host.UseWolverine(wolverine =>
{
    // An HTTP service without message handlers: nothing for Wolverine to look for.
    wolverine.Discovery.DisableConventionalDiscovery();
    // The endpoints and their pre-generated code live here, also when another program hosts the service (the benchmarks).
    wolverine.ApplicationAssembly = typeof(Program).Assembly;
    wolverine.Policies.AutoApplyTransactions();
    // Idempotency-Key replays of [DeduplicatedWithResponse] endpoints are kept in Wolverine's PostgreSQL store.
    wolverine.Durability.EnableDeduplicatedResponses = true;
    // A node killed outright (SIGKILL, out of memory, power cut) never says it left: the leader hands its async projections
    // elsewhere only once its last heartbeat is StaleNodeTimeout old, and until then they run nowhere. With Wolverine's
    // defaults (a beat every 10 s, stale after a minute) a service restarted after a crash left the read models still for
    // over a minute, and gave the dead node's half to the dead node again. A beat every 3 s (one row update per node),
    // stale after 15 s: the read models catch up seconds after the restart (Hosting/ServiceCrashTests).
    wolverine.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(3);
    wolverine.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(15);
    wolverine.Services.AddResourceSetupOnStartup();
});
builder.Services.AddWolverineHttp();

var app = builder.Build();

app.UseTalentPoolResponseHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
// The document is the public contract; the interactive UI is for development, not for a production host.
if (!app.Environment.IsProduction()) app.UseSwaggerUI();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseNoNulCharacters();
app.UseBoundedJsonBodies();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapWolverineEndpoints(http =>
{
    // Secure by default: an endpoint that declares no rule of its own needs an authenticated caller.
    http.RequireAuthorizeOnAll();
    // A query value that cannot be parsed (?limit=abc, ?status=Bogus) is a 400 naming it, never a silent default.
    http.RejectUnparseableQueryValues = true;
    http.AddPolicy<StrictParameterPolicy>();
    http.AddPolicy<RequestValidationPolicy>();
});

app.UseBoundedShutdown();
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses) Console.WriteLine($"TalentPool is ready at {address} (Swagger UI: {address}/swagger)");
});

// No command, or only host flags such as --urls: serve, without JasperFx's command discovery on the first screen.
if (args is [] || args[0].StartsWith('-'))
{
    await app.RunAsync();
    return 0;
}
return OperatorConsole.ExitCode(await app.RunJasperFxCommands(args));

/// <summary>The host's entry point, visible to the test host.</summary>
public partial class Program;
