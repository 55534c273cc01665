using System.Net;
using System.Net.Sockets;

namespace TalentPool.Webhooks;

/// <summary>
/// Where a delivery may go (SSRF): an https URL on a public address. Refused: private, link-local (the cloud metadata
/// endpoint 169.254.169.254), carrier-grade NAT, unique-local, multicast and unspecified addresses, credentials in the URL,
/// and — unless loopback targets are allowed (Development, tests) — loopback and plain http. Checked twice: on the URL at
/// registration, and on every address a host name resolves to when a delivery connects (<see cref="ConnectAsync"/>), so a
/// name that later resolves to an internal address (DNS rebinding) is refused too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why the URL is refused, or null.</summary>
    public static string? Refusal(string url, bool allowLoopback)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Give an absolute https URL.";
        if (uri.UserInfo.Length > 0) return "A webhook URL carries no user name or password.";
        if (uri.Fragment.Length > 0) return "A webhook URL has no fragment.";
        var loopback = uri.IsLoopback;
        if (loopback && !allowLoopback) return "A webhook URL must not point at this service's own machine.";
        if (uri.Scheme == Uri.UriSchemeHttp && !(loopback && allowLoopback)) return "A webhook URL must use https.";
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && !IsAllowed(address, allowLoopback))
            return "A webhook URL must point at a public address.";
        return null;
    }

    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return allowLoopback;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (address.GetAddressBytes()[0] & 0xFE) == 0xFC); // fc00::/7, unique local
        }
        var b = address.GetAddressBytes();
        return !(b[0] is 0 or 10 or >= 224
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127));
    }

    /// <summary>The delivery client's connect step: resolves the host and connects only to an allowed address.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowLoopback, CancellationToken cancellation)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellation);
        var allowed = addresses.Where(address => IsAllowed(address, allowLoopback)).ToArray();
        if (allowed.Length == 0 || allowed.Length < addresses.Length)
            throw new HttpRequestException($"{endpoint.Host} resolves to an address webhooks may not reach.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
