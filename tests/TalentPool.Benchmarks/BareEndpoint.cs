using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TalentPool.Hires;
using TalentPool.Talents;

namespace TalentPool.Benchmarks;

/// <summary>
/// The yardsticks: a minimal ASP.NET endpoint per write (the same routes and bodies as the service) that either
/// (b) stores the body with one raw INSERT, or (c) writes by hand the rows the service writes for it: the same
/// statements in the same batches and transaction (captured from the service, <see cref="SqlReplay"/>).
/// </summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>(b) one INSERT of the request's JSON per request.</summary>
    public static async Task<BareEndpoint> OneInsertAsync(string connectionString)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand(
                "create table if not exists registrations (id uuid primary key, data jsonb not null);" +
                "create table if not exists hires (id uuid primary key, data jsonb not null)", setup);
            await create.ExecuteNonQueryAsync();
        }
        return await StartAsync(connectionString,
            (db, command) => InsertAsync(db, "registrations", JsonSerializer.Serialize(command)),
            (db, command) => InsertAsync(db, "hires", JsonSerializer.Serialize(command)));
    }

    /// <summary>(c) the service's own rows for the request, written by hand in one transaction.</summary>
    public static Task<BareEndpoint> HandWrittenAsync(string connectionString, SqlReplay registration, string capturedEmail, SqlReplay hire) =>
        StartAsync(connectionString,
            async (db, command) =>
            {
                await registration.ExecuteAsync(db, text => text == capturedEmail ? command.Email : $"{Guid.NewGuid():N}");
                return Guid.CreateVersion7();
            },
            async (db, _) =>
            {
                await hire.ExecuteAsync(db);
                return Guid.CreateVersion7();
            });

    private static async Task<Guid> InsertAsync(NpgsqlDataSource db, string table, string json)
    {
        var id = Guid.CreateVersion7();
        await using var insert = db.CreateCommand($"insert into {table} (id, data) values ($1, $2::jsonb)");
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(json);
        await insert.ExecuteNonQueryAsync();
        return id;
    }

    private static async Task<BareEndpoint> StartAsync(string connectionString,
        Func<NpgsqlDataSource, RegisterTalent, Task<Guid>> register, Func<NpgsqlDataSource, RecordHire, Task<Guid>> hire)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        var app = builder.Build();
        app.MapPost("/api/v1/talents", async (RegisterTalent command, NpgsqlDataSource db) =>
        {
            var id = await register(db, command);
            return Results.Created($"/api/v1/talents/{id}", new { id });
        });
        app.MapPost("/api/v1/hires", async (RecordHire command, NpgsqlDataSource db) =>
        {
            var id = await hire(db, command);
            return Results.Created($"/api/v1/hires/{id}", new { id });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareEndpoint(app, new Uri(address));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
