using Marten;

namespace TalentPool.Talents;

/// <summary>
/// Folds the shared base's noted facet changes into its counts (<see cref="SharedTalentFacetCounts.FoldSql"/>) in every
/// database of the store, every <c>Talents:FacetFoldInterval</c> (250 ms) on each node; a fold already running elsewhere is
/// waited for. Readers add the changes not folded yet, so the interval moves no answer: it bounds how many change rows a
/// read of the counts makes into count rows (the registrations of about one interval: 500 rows cost a read about 12 ms at
/// load 50, README "The write path"), and an idle database's fold is one empty delete.
/// </summary>
public sealed class SharedTalentFacetFolding(IDocumentStore store, IConfiguration configuration, ILogger<SharedTalentFacetFolding> logger)
    : BackgroundService
{
    private readonly TimeSpan _interval = configuration.GetValue("Talents:FacetFoldInterval", TimeSpan.FromMilliseconds(250));

    /// <summary>One fold of every database of the store now; answers the count rows it wrote.</summary>
    public static async Task<int> FoldAsync(IDocumentStore store, CancellationToken cancellation)
    {
        var folded = 0;
        foreach (var database in await store.Storage.AllDatabases())
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = SharedTalentFacetCounts.FoldSql(store.Options.DatabaseSchemaName);
            folded += await command.ExecuteNonQueryAsync(cancellation);
        }
        return folded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FoldAsync(store, stoppingToken);
                if (failing) logger.LogInformation("Folding the shared base's facet changes works again");
                failing = false;
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The database away, most likely: the changes wait for the next tick, and readers count them meanwhile. Said once
                // per outage, not four times a second.
                if (!failing) logger.LogWarning(failure, "Folding the shared base's facet changes failed; trying again every {Interval}", _interval);
                failing = true;
            }
        }
    }
}
