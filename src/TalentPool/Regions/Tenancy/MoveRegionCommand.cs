using JasperFx.CommandLine;
using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Hosting.CommandLine;

namespace TalentPool.Regions.Tenancy;

public sealed class MoveRegionInput : NetCoreInput
{
    [Description("The region's id")]
    public string RegionId { get; set; } = "";

    [Description("The connection string of the database the region moves to (its schema is made there)")]
    public string ToFlag { get; set; } = "";
}

/// <summary>
/// <c>move-region {regionId} --to "connection string"</c>: copies the region's streams, events and documents from the configured
/// database to the target, checks the copy table by table, then removes the region from the configured database
/// (<see cref="RegionMove"/>); one JSON line on stdout. Safe to run again after a stop at any point.
/// </summary>
[Description("Move a region's events and documents to a database of its own (run with the service stopped)", Name = Name)]
public sealed class MoveRegionCommand : JasperFxAsyncCommand<MoveRegionInput>
{
    public const string Name = "move-region";

    public MoveRegionCommand()
    {
        Usage("Move a region to another database").Arguments(x => x.RegionId);
    }

    public override async Task<bool> Execute(MoveRegionInput input)
    {
        if (!Guid.TryParse(input.RegionId, out var regionId))
        {
            OperatorConsole.Say($"'{input.RegionId}' is not a region id (a GUID).");
            return false;
        }
        if (string.IsNullOrWhiteSpace(input.ToFlag))
        {
            OperatorConsole.Say("Name the target database: --to \"Host=…;Database=…\".");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        try
        {
            // From where the service has the region: its own database while `Regions:Databases:<id>` names one (a move back,
            // or on to another database of its own), else the shared database.
            var shared = host.Services.GetRequiredService<NpgsqlDataSource>();
            await using var own = RegionDatabases.Configured(host.Services.GetRequiredService<IConfiguration>()).TryGetValue(regionId, out var ownDatabase)
                ? NpgsqlDataSource.Create(ownDatabase) : null;
            await using var target = NpgsqlDataSource.Create(input.ToFlag);
            var intoShared = own is not null && await RegionMove.SameDatabaseAsync(shared, target);
            var result = await RegionMove.MoveAsync(store, own ?? shared, input.ToFlag, regionId, OperatorConsole.Say, intoShared);
            OperatorConsole.WriteResultJson(result);
            return true;
        }
        catch (RegionMoveRefused refused)
        {
            OperatorConsole.Say(refused.Message);
            return false;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            OperatorConsole.Say($"The move failed: {e.Message} The source keeps the region until a copy is verified; run the command again.");
            return false;
        }
    }
}
