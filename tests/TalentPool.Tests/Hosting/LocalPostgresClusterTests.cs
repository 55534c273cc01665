using Npgsql;
using TalentPool.Hosting;

namespace TalentPool.Tests.Hosting;

/// <summary>The embedded default of the run command: a local cluster that keeps its data across restarts.</summary>
public sealed class LocalPostgresClusterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"talentpool-cluster-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_local_cluster_is_reused_while_running_and_keeps_its_data_after_a_restart()
    {
        var port = LocalPostgresCluster.FreePort();
        var first = LocalPostgresCluster.Start(_folder, port, _ => { });
        await first.EnsureDatabaseAsync("talentpool");
        await ExecuteAsync(first, "create table kept (name text); insert into kept values ('Hamar')");

        var whileRunning = LocalPostgresCluster.Start(_folder, port, message => throw new InvalidOperationException($"Nothing should happen, but: {message}"));
        first.Stop();
        var restarted = LocalPostgresCluster.Start(_folder, port, _ => { });

        (await ExecuteAsync(restarted, "select name from kept")).ShouldBe("Hamar");
        whileRunning.DataDirectory.ShouldBe(first.DataDirectory);
        restarted.Stop();
    }

    private static async Task<object?> ExecuteAsync(LocalPostgresCluster cluster, string sql)
    {
        // No pooling: a pooled connection would not survive the restart under test.
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("talentpool") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
