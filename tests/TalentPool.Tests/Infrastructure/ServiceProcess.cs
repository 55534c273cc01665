using System.Diagnostics;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// The built service run as a real process, <c>dotnet TalentPool.dll …</c>, as a user or a deployment starts it:
/// for what only a process shows (its stdout, its exit code, where Kestrel listens).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string ReadyLine = "TalentPool is ready at ";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // A whole command (a seed, a rebuild) does far more than a start; on a loaded machine it ran past the start's bound.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    // Settings of the test runner's own environment that would change what the process under test does.
    private static readonly string[] InheritedSettingsToClear =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "URLS",
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ConnectionStrings__TalentPool", "Auth__SigningKey",
    ];

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => _process = process;

    /// <summary>Standard output up to and including the ready line.</summary>
    public IReadOnlyList<string> FirstScreen { get; private set; } = [];

    /// <summary>Everything the process has written to standard output so far, line by line.</summary>
    public IReadOnlyList<string> Output()
    {
        lock (_output) return [.. _output];
    }

    /// <summary>The address of the ready line, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the service and returns once it printed its ready line; fails if it exits first.</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var service = new ServiceProcess(Start(environment, args));
        service._process.OutputDataReceived += (_, line) => service.Receive(line.Data);
        service._process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (service._errors) service._errors.Add(line.Data); };
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();

        try
        {
            var readyLine = await service._ready.Task.WaitAsync(StartTimeout);
            service.Address = new Uri(readyLine[ReadyLine.Length..].Split(' ')[0]);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command to its end: its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not end within {CommandTimeout}.");
        }
        return (process.ExitCode, await output, await errors);
    }

    private static Process Start(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The service's build output: TalentPool.dll and its appsettings.json are copied next to the tests.
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TalentPool.dll"));
        foreach (var argument in args) start.ArgumentList.Add(argument);
        foreach (var setting in InheritedSettingsToClear) start.Environment.Remove(setting);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
    }

    private void Receive(string? line)
    {
        lock (_output)
        {
            if (line is null)
            {
                _ready.TrySetException(new InvalidOperationException(
                    $"The service exited before it was ready.{Environment.NewLine}{string.Join(Environment.NewLine, _output.Concat(Errors()))}"));
                return;
            }
            _output.Add(line);
            if (line.StartsWith(ReadyLine) && !_ready.Task.IsCompleted)
            {
                FirstScreen = [.. _output];
                _ready.TrySetResult(line);
            }
        }
    }

    /// <summary>Asks the process to stop as an orchestrator does (SIGTERM); true when it exited within <paramref name="bound"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan bound)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Kills the process and its children outright (SIGKILL on Linux: no shutdown hook, no flush, no graceful stop),
    /// as the kernel's OOM killer or a power cut would. Returns when the signal went to the process (a
    /// <see cref="Stopwatch"/> timestamp, taken before the slower walk over its children) and its exit code (137: signal 9).
    /// </summary>
    public async Task<(long KilledAt, int ExitCode)> KillAsync()
    {
        _process.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return (killedAt, _process.ExitCode);
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line the process wrote so far: standard output, then standard error.</summary>
    public IReadOnlyList<string> Log()
    {
        lock (_output) return [.. _output, .. Errors()];
    }

    private List<string> Errors()
    {
        lock (_errors) return [.. _errors];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
