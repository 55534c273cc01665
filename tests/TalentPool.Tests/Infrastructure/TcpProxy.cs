using System.Net;
using System.Net.Sockets;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the test PostgreSQL, so a test can take the database away from one
/// service host (<see cref="Cut"/>: every connection dropped, new ones refused) and give it back
/// (<see cref="Restore"/>) without stopping the server the other tests share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), targetPort);
        Port = Listen(0);
    }

    public int Port { get; }

    public void Cut()
    {
        _cut.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Restore()
    {
        _cut = new CancellationTokenSource();
        Listen(Port);
    }

    private int Listen(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _cut.Token);
        return ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cut)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(cut); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }

            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_target, cut); }
            catch (Exception) { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_open) _open.AddRange([inbound, outbound]);
            _ = PumpAsync(inbound, outbound, cut);
            _ = PumpAsync(outbound, inbound, cut);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cut)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream(), cut); }
        catch (Exception) { /* the other side went away, or the proxy was cut */ }
        from.Dispose();
        to.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
