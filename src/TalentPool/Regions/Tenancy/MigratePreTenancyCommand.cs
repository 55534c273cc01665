using JasperFx.CommandLine;
using Marten;
using Npgsql;
using TalentPool.Hosting.CommandLine;

namespace TalentPool.Regions.Tenancy;

public sealed class MigratePreTenancyInput : NetCoreInput
{
    [Description("The region to move (its id); by default the one region the default tenant holds. Named, it must be that region")]
    public Guid? RegionFlag { get; set; }
}

/// <summary>
/// <c>migrate-pre-tenancy [--region id]</c>: moves a database written before regions were tenants into its region's tenant
/// (<see cref="PreTenancyMigration"/>), in one transaction, and prints one JSON line with what it moved; a second run moves
/// nothing and says so (<c>"moved":false</c>). A database holding several regions in the default tenant, or another region
/// than the one named, exits 1 with nothing moved.
/// </summary>
[Description("Move a database written before regions were tenants into its region's tenant (run with the service stopped)", Name = Name)]
public sealed class MigratePreTenancyCommand : JasperFxAsyncCommand<MigratePreTenancyInput>
{
    public const string Name = "migrate-pre-tenancy";

    public MigratePreTenancyCommand()
    {
        Usage("Move the pre-tenancy region into its tenant");
    }

    public override async Task<bool> Execute(MigratePreTenancyInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        try
        {
            // The tenant_id columns first: the upgrade Marten makes at the service's start, made here if it never started.
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var result = await PreTenancyMigration.RunAsync(store, host.Services.GetRequiredService<NpgsqlDataSource>(), input.RegionFlag, OperatorConsole.Say);
            OperatorConsole.WriteResultJson(result);
            return true;
        }
        catch (PreTenancyMigrationRefused refused)
        {
            OperatorConsole.Say(refused.Message);
            return false;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            OperatorConsole.Say($"The migration failed and moved nothing (one transaction): {e.Message}");
            return false;
        }
    }
}
