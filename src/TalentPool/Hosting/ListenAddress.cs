using Microsoft.AspNetCore.Hosting;

namespace TalentPool.Hosting;

/// <summary>
/// Where Kestrel listens: wherever ASP.NET Core's own settings say (<c>ASPNETCORE_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>, <c>Kestrel:Endpoints</c> …), else <see cref="Default"/>: loopback only, so a
/// first run exposes nothing to the network. The default is not a <c>Urls</c> entry in appsettings.json because
/// appsettings is read after the <c>ASPNETCORE_</c> environment variables and would silently win over them.
/// </summary>
public static class ListenAddress
{
    public const string Default = "http://127.0.0.1:5080";

    public static void ListenOnLoopbackUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        string[] addressSettings = [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey];
        var configured = addressSettings.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured) builder.WebHost.UseUrls(Default);
    }
}
