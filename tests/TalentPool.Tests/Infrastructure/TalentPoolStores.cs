using Marten;
using Npgsql;
using TalentPool.Hosting;

namespace TalentPool.Tests.Infrastructure;

/// <summary>The service's store, configured as the host configures it, on a database of a test's own (no HTTP).</summary>
public static class TalentPoolStores
{
    /// <summary>The service's store on a data source the caller owns (and closes).</summary>
    public static DocumentStore With(NpgsqlDataSource dataSource) => DocumentStore.For(options =>
    {
        options.Connection(dataSource);
        options.ConfigureTalentPoolStore(dataSource);
    });

    public static DocumentStore For(string connectionString, Action<StoreOptions>? configure = null)
    {
        // Lives as long as the test run: one small pool per store-level test class.
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            options.ConfigureTalentPoolStore(dataSource);
            configure?.Invoke(options);
        });
    }
}
