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
using TalentPool.Sync;
using TalentPool.Webhooks;
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
// Before the conflicts: a key's race lost in a region's own database is answered from the winner's claim.
builder.Services.AddExceptionHandler<TalentPool.Hosting.Idempotency.RegionDatabaseClaimRaces>();
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
builder.AddTalentPoolObservability();
builder.AddTalentPoolWebhooks();
builder.AddStatementMonthTimer();

// Wolverine warns that it found no message handlers even when told there are none to look for.
builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
builder.Host.UseWolverine(wolverine =>
{
    // No conventional discovery: the one message handler (webhook deliveries) is named where it is configured.
    wolverine.Discovery.DisableConventionalDiscovery();
    wolverine.AddWebhookDelivery();
    // The endpoints and their pre-generated code live here, also when another program hosts the service (the benchmarks).
    wolverine.ApplicationAssembly = typeof(Program).Assembly;
    wolverine.Policies.AutoApplyTransactions();
    // Idempotency-Key replays of [DeduplicatedWithResponse] endpoints are kept in Wolverine's PostgreSQL store.
    wolverine.Durability.EnableDeduplicatedResponses = true;
    // A node killed outright (SIGKILL, out of memory, power cut) never says it left: its projections run nowhere until its
    // last heartbeat is StaleNodeTimeout old and the leader hands them on. A beat every 3 s (one row update per node), stale
    // after 15 s, instead of Wolverine's 10 s and a minute.
    wolverine.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(3);
    wolverine.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(15);
    // Until then the dead node still counts as live. A leader deciding while a node joins (a service restarted after the
    // crash, a node added) spreads the projections over every live node, the dead one included, and moves part of the dead
    // node's projections away from it: a stop sent to a node that never answers. Wolverine then holds those projections as
    // "moving" for 2 x CheckAssignmentPeriod (a minute) without starting them anywhere, also after the dead node is ejected
    // (NodeAgentController.applyPendingAssignmentsLocked, AssignmentGrid.Agent.TryBuildAssignmentCommand, 6.62): three of
    // seven read models stood still for a minute after a restart. Waiting, after a node joins, until any node that died
    // before it is stale (a departure ends the wait at once) means the leader never moves a projection off a dead node.
    // The price: a node that starts alone, or a node that joins, gets its projections StaleNodeTimeout + a beat later.
    wolverine.Durability.AssignmentSettlePeriod = wolverine.Durability.StaleNodeTimeout + wolverine.Durability.HealthCheckPollingTime;
    wolverine.Services.AddResourceSetupOnStartup();
});
builder.Services.AddWolverineHttp();

var app = builder.Build();

app.UseTalentPoolObservability();
app.UseTalentPoolResponseHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
// The document is the public contract; the interactive UI is for development, not for a production host.
if (!app.Environment.IsProduction()) app.UseSwaggerUI();
app.UseAuthentication();
app.UseAuthorization();
app.UseRegionScope();
app.UseRateLimiter();
app.UseNoNulCharacters();
app.UseBoundedParameters();
app.UseBoundedJsonBodies();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapWolverineEndpoints(http =>
{
    // Secure by default: an endpoint that declares no rule of its own needs an authenticated caller.
    http.RequireAuthorizeOnAll();
    // Every request to a region's data names its region, which is the Marten tenant of its sessions (Hosting/RegionTenancy.cs).
    http.DetectRegions();
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
