using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace TalentPool.Benchmarks;

/// <summary>The whole service on Kestrel (loopback, a free port), Production settings, on a database of the benchmark's.</summary>
public sealed class BenchmarkService : IAsyncDisposable
{
    private readonly WebApplicationFactory<global::Program> _factory;

    private BenchmarkService(WebApplicationFactory<global::Program> factory) => _factory = factory;

    public IServiceProvider Services => _factory.Services;

    /// <param name="configure">More settings or services for this run (a SQL capture, the floor endpoint).</param>
    public static BenchmarkService Start(string database, Action<IWebHostBuilder>? configure = null)
    {
        // The service's Main hands its arguments to the JasperFx command line; under a test host they are settings, so just run.
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host =>
        {
            host.UseSolutionRelativeContentRoot("src/TalentPool");
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:TalentPool", database);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            host.UseSetting("Logging:LogLevel:Default", "Warning");
            // A free loopback port: the service's default (5080) may be taken by a service running beside the benchmark.
            host.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            configure?.Invoke(host);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return new BenchmarkService(factory);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(_factory.ClientOptions.BaseAddress, "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
