using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using TalentPool.Hosting;

namespace TalentPool.Tests.Hosting;

/// <summary>Loopback port 5080 when nothing says otherwise; any ASP.NET Core address setting wins over it.</summary>
public sealed class DefaultListenAddressTests
{
    [Fact]
    public void With_no_address_configured_the_service_listens_on_loopback_port_5080()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());

        builder.ListenOnLoopbackUnlessConfigured();

        builder.Configuration[WebHostDefaults.ServerUrlsKey].ShouldBe("http://127.0.0.1:5080");
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8080")]
    public void An_address_setting_of_ASP_NET_Core_wins_over_the_default(string setting, string value)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration[setting] = value;

        builder.ListenOnLoopbackUnlessConfigured();

        builder.Configuration[WebHostDefaults.ServerUrlsKey].ShouldBe(setting == WebHostDefaults.ServerUrlsKey ? value : null);
    }
}
